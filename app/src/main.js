// The app shell: header, navigation, and the page the URL names.
import { render } from 'preact';
import { html } from './html.js';
import { interceptLinks, useRoute, BASE } from './router.js';
import { ViewerContext, useViewerQuery } from './viewer.js';
import { ErrorNote } from './ui.js';
import { FindPage } from './pages/find.js';
import { PersonPage } from './pages/person.js';
import { ConnectPage } from './pages/connect.js';
import { ProjectPage } from './pages/project.js';
import { GatheringPage } from './pages/gathering.js';
import { ClusterPage } from './pages/cluster.js';
import { OrganizationPage, CohortPage, StudyGroupPage } from './pages/groups.js';
import { ExplorerPage } from './pages/explorer.js';
import { MePage } from './pages/me.js';

const PAGES = {
  '': FindPage,
  find: FindPage,
  person: PersonPage,
  connect: ConnectPage,
  project: ProjectPage,
  gathering: GatheringPage,
  cluster: ClusterPage,
  organization: OrganizationPage,
  cohort: CohortPage,
  'study-group': StudyGroupPage,
  explore: ExplorerPage,
  me: MePage,
};

function NotFound() {
  return html`<section>
    <h1>Page not found</h1>
    <p>There is no such page. <a href=${BASE}>Find people, projects and gatherings</a>.</p>
  </section>`;
}

function App() {
  const route = useRoute();
  const viewer = useViewerQuery();
  const me = viewer.data?.me ?? null;
  const Page = PAGES[route.parts[0] ?? ''] ?? NotFound;
  return html`<${ViewerContext.Provider} value=${{ me, reload: viewer.reload }}>
    <a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <a class="brand" href=${BASE}>Convene</a>
      <nav aria-label="Main">
        <a href=${`${BASE}find`}>Find</a>
        <a href=${`${BASE}explore`}>Network explorer</a>
        <a href=${`${BASE}me`}>${me ? `Me (${me.name})` : 'Sign in'}</a>
      </nav>
    </header>
    <main id="main" tabindex="-1">
      <${ErrorNote} error=${viewer.error} />
      <${Page} route=${route} />
    </main>
  <//>`;
}

const root = document.getElementById('app');
root.textContent = '';
interceptLinks(root);
render(html`<${App} />`, root);
