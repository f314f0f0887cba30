// Organizations, cohorts and study groups: who is in them, page by page.
import { useCallback } from 'preact/hooks';
import { html } from '../html.js';
import OrganizationPageQuery from '../documents/OrganizationPage.graphql';
import CohortPageQuery from '../documents/CohortPage.graphql';
import StudyGroupPageQuery from '../documents/StudyGroupPage.graphql';
import { request } from '../api.js';
import { useConnection, useQuery } from '../data.js';
import { Count, NodeLink, ShowMore, Status, place, words } from '../ui.js';

/** A page whose main list is a connection of people that pages with `after`. */
function useGroup(document, field, listField, key) {
  const query = useQuery(document, { key, after: null });
  const group = query.data?.[field];
  const more = useCallback(
    async (after) => (await request(document, { key, after }))[field][listField],
    [document, field, listField, key],
  );
  const list = useConnection(group?.[listField], more);
  return { query, group, list };
}

function People({ title, list, detail }) {
  return html`<section class="panel">
    <h2>${title} <${Count} shown=${list.edges.length} total=${list.totalCount} /></h2>
    <ul>
      ${list.edges.map(
        (edge) => html`<li>
          <${NodeLink} node=${edge.node} />${detail(edge) && ` · ${detail(edge)}`}
          ${edge.node.headline && html`<span class="muted"> ${edge.node.headline}</span>`}
        </li>`,
      )}
    </ul>
    <${ShowMore} connection=${list} label="people" />
  </section>`;
}

function Links({ label, nodes }) {
  if (!nodes.length) return null;
  return html`<p>
    ${label}: ${nodes.map((node, index) => html`${index ? ', ' : ''}<${NodeLink} node=${node} />`)}
  </p>`;
}

export function OrganizationPage({ route }) {
  const { query, group, list } = useGroup(OrganizationPageQuery, 'organization', 'people', route.parts[1] ?? '');
  const status = html`<${Status} query=${query} missing=${!group} what="organization" />`;
  if (!group) return status;
  return html`<article>
    ${status}
    <header class="page-head">
      <h1>${group.name}</h1>
      <p class="muted">${[words(group.kind), group.sectors.map(words).join(', '), place(group)].filter(Boolean).join(' · ')}</p>
      ${group.summary && html`<p>${group.summary}</p>`}
      <${Links} label="Part of" nodes=${group.partOf.nodes} />
      <${Links} label="Clusters" nodes=${group.clusters.edges.map((edge) => edge.node)} />
    </header>
    <${People} title="People" list=${list} detail=${(edge) => edge.title} />
  </article>`;
}

export function CohortPage({ route }) {
  const { query, group, list } = useGroup(CohortPageQuery, 'cohort', 'members', route.parts[1] ?? '');
  const status = html`<${Status} query=${query} missing=${!group} what="cohort" />`;
  if (!group) return status;
  return html`<article>
    ${status}
    <header class="page-head">
      <h1>${group.name}</h1>
      <p class="muted">${[group.starts, group.ends].filter(Boolean).join(' to ')}</p>
      ${group.summary && html`<p>${group.summary}</p>`}
      <${Links} label="Study groups" nodes=${group.studyGroups.nodes} />
    </header>
    <${People} title="Members" list=${list} detail=${(edge) => edge.role} />
  </article>`;
}

export function StudyGroupPage({ route }) {
  const { query, group, list } = useGroup(StudyGroupPageQuery, 'studyGroup', 'members', route.parts[1] ?? '');
  const status = html`<${Status} query=${query} missing=${!group} what="study group" />`;
  if (!group) return status;
  return html`<article>
    ${status}
    <header class="page-head">
      <h1>${group.name}</h1>
      ${group.cohort && html`<p>Part of <${NodeLink} node=${group.cohort} /></p>`}
      ${group.summary && html`<p>${group.summary}</p>`}
    </header>
    <${People} title="Members" list=${list} detail=${(edge) => edge.role} />
  </article>`;
}
