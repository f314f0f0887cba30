// A person: who they are, where they work, their projects, gatherings and groups,
// and the people they should meet, with the reasons.
import { useCallback } from 'preact/hooks';
import { html } from '../html.js';
import PersonPageQuery from '../documents/PersonPage.graphql';
import PersonMore from '../documents/PersonMore.graphql';
import { request } from '../api.js';
import { useConnection, useQuery } from '../data.js';
import { BASE, navigate } from '../router.js';
import { Suggestions } from '../reasons.js';
import { Count, NodeLink, ShowMore, Status, place, words } from '../ui.js';
import { useViewer } from '../viewer.js';
import { ConsentSwitches } from './me.js';

const DIVERSIFY_LEVELS = [
  ['0', 'best match'],
  ['0.5', 'some variety'],
  ['1', 'most variety'],
];

function usePersonList(person, field) {
  const key = person?.key;
  const more = useCallback(
    async (after) => {
      const data = await request(PersonMore, {
        key,
        organizationsAfter: field === 'organizations' ? after : null,
        projectsAfter: field === 'projects' ? after : null,
        gatheringsAfter: field === 'gatherings' ? after : null,
        withOrganizations: field === 'organizations',
        withProjects: field === 'projects',
        withGatherings: field === 'gatherings',
      });
      return data.person[field];
    },
    [key, field],
  );
  return useConnection(person?.[field], more);
}

function Section({ title, connection, children, label }) {
  return html`<section class="panel">
    <h2>${title} <${Count} shown=${connection.edges.length} total=${connection.totalCount} /></h2>
    ${connection.edges.length ? html`<ul>${children}</ul>` : html`<p class="empty">None.</p>`}
    <${ShowMore} connection=${connection} label=${label} />
  </section>`;
}

function Groups({ person }) {
  const edges = [...person.cohorts.edges, ...person.studyGroups.edges];
  return html`<section class="panel">
    <h2>Cohort and study group</h2>
    ${edges.length
      ? html`<ul>
          ${edges.map(
            (edge) =>
              html`<li><${NodeLink} node=${edge.node} />${edge.role && ` · ${edge.role}`}</li>`,
          )}
        </ul>`
      : html`<p class="empty">None.</p>`}
  </section>`;
}

export function PersonPage({ route }) {
  const key = route.parts[1] ?? '';
  const diversify = route.params.get('diversify') ?? '0';
  const query = useQuery(PersonPageQuery, { key, diversify: Number(diversify) });
  const { me } = useViewer();
  const person = query.data?.person;
  const organizations = usePersonList(person, 'organizations');
  const projects = usePersonList(person, 'projects');
  const gatherings = usePersonList(person, 'gatherings');
  const status = html`<${Status} query=${query} missing=${!person} what="person" />`;
  if (!person) return status;
  const from = me && me.key !== person.key ? me.key : '';
  return html`<article class="person">
    ${status}
    <header class="page-head">
      <h1>${person.name}</h1>
      <p class="roles">${person.roles.map((role) => html`<span class="tag">${words(role)}</span>`)}</p>
      ${person.headline && html`<p class="headline">${person.headline}</p>`}
      ${place(person) && html`<p class="muted">${place(person)}</p>`}
      ${person.email && html`<p>Email: <a href=${`mailto:${person.email}`}>${person.email}</a></p>`}
      <p class="actions">
        <a href=${`${BASE}connect/${person.key}${from ? `?from=${from}` : ''}`}>How we're connected</a>
        <a href=${`${BASE}explore?person=${person.key}`}>Explore the network</a>
      </p>
    </header>
    ${me?.key === person.key && html`<${ConsentSwitches} person=${person} onChange=${query.reload} />`}
    <div class="columns">
      <div>
        <${Section} title="Affiliations" connection=${organizations} label="affiliations">
          ${organizations.edges.map(
            (edge) => html`<li><${NodeLink} node=${edge.node} />${edge.title && ` · ${edge.title}`}</li>`,
          )}
        <//>
        <${Section} title="Projects" connection=${projects} label="projects">
          ${projects.edges.map(
            (edge) =>
              html`<li><${NodeLink} node=${edge.node} /> · ${edge.role ?? 'member'}${edge.node.stage &&
                html` <span class="muted">(${words(edge.node.stage)})</span>`}</li>`,
          )}
        <//>
        <${Section} title="Gatherings" connection=${gatherings} label="gatherings">
          ${gatherings.edges.map(
            (edge) =>
              html`<li>
                <${NodeLink} node=${edge.node} /> · ${words(edge.mode)}${edge.credits != null &&
                ` · ${edge.credits} credit${edge.credits === 1 ? '' : 's'}`}${edge.role && ` · ${edge.role}`}
              </li>`,
          )}
        <//>
        <${Groups} person=${person} />
      </div>
      <section class="panel" aria-labelledby="people-to-meet">
        <h2 id="people-to-meet">People to meet</h2>
        <label class="inline">
          Diversify
          <select
            value=${diversify}
            onChange=${(event) =>
              navigate(`person/${person.key}?diversify=${event.currentTarget.value}`, { replace: true })}
          >
            ${DIVERSIFY_LEVELS.map(([value, name]) => html`<option value=${value}>${name}</option>`)}
          </select>
        </label>
        <${Suggestions}
          suggestions=${person.suggestedCollaborators}
          empty="No one to suggest yet: the network has no one who shares enough with this person."
        />
      </section>
    </div>
  </article>`;
}
