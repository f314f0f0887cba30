// Small shared pieces: links to a node's page, loading and error states, "show more".
import { html } from './html.js';
import { BASE } from './router.js';

const PAGES = {
  Person: 'person',
  Project: 'project',
  Gathering: 'gathering',
  Cluster: 'cluster',
  Organization: 'organization',
  Cohort: 'cohort',
  StudyGroup: 'study-group',
};

export const TYPE_NAMES = {
  Person: 'Person',
  Project: 'Project',
  Gathering: 'Gathering',
  Cluster: 'Cluster',
  Organization: 'Organization',
  Cohort: 'Cohort',
  StudyGroup: 'Study group',
  Program: 'Program',
  Topic: 'Topic',
};

/** The app URL of a node's page (topics and programs open a search for them). */
export function hrefOf(node) {
  const page = PAGES[node.__typename];
  if (page) return `${BASE}${page}/${encodeURIComponent(node.key)}`;
  return `${BASE}find?q=${encodeURIComponent(node.name)}`;
}

export function NodeLink({ node }) {
  return html`<a href=${hrefOf(node)}>${node.name}</a>`;
}

export function Loading({ what = 'Loading' }) {
  return html`<p class="loading" role="status">${what}…</p>`;
}

export function ErrorNote({ error }) {
  if (!error) return null;
  const messages = error.messages ?? [String(error.message ?? error)];
  return html`<div class="error" role="alert">
    <strong>Something went wrong.</strong>
    <ul>
      ${messages.map((message) => html`<li>${message}</li>`)}
    </ul>
  </div>`;
}

/** What a page shows while its query runs, when it failed, or when nothing was found. */
export function Status({ query, missing, what }) {
  if (query.error) return html`<${ErrorNote} error=${query.error} />`;
  if (query.loading) return html`<${Loading} what=${query.data ? 'Updating' : `Loading ${what}`} />`;
  if (query.data && missing) {
    return html`<p class="empty" role="status">
      Nothing found: there is no ${what} with this key, or it is hidden from you.
    </p>`;
  }
  return null;
}

export function ShowMore({ connection, label }) {
  if (!connection.hasMore && !connection.error) return null;
  return html`<div class="more">
    <${ErrorNote} error=${connection.error} />
    ${connection.hasMore &&
    html`<button type="button" onClick=${connection.showMore} disabled=${connection.loading}>
      ${connection.loading ? 'Loading…' : `Show more ${label}`}
    </button>`}
  </div>`;
}

export function Count({ shown, total }) {
  return html`<span class="count">${shown < total ? `${shown} of ${total}` : total}</span>`;
}

export function place(node) {
  return [node.city, node.region, node.country].filter(Boolean).join(', ');
}

export function words(value) {
  return String(value ?? '')
    .toLowerCase()
    .replaceAll('_', ' ');
}
