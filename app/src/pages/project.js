// A project: its team with their roles, the skills it needs, and who could join.
import { useCallback } from 'preact/hooks';
import { html } from '../html.js';
import ProjectPageQuery from '../documents/ProjectPage.graphql';
import ProjectMembers from '../documents/ProjectMembers.graphql';
import { request } from '../api.js';
import { useConnection, useQuery } from '../data.js';
import { Suggestions } from '../reasons.js';
import { Count, NodeLink, ShowMore, Status, words } from '../ui.js';

function Names({ nodes }) {
  if (!nodes.length) return html`<span class="muted">none</span>`;
  return nodes.map((node, index) => html`${index ? ', ' : ''}<${NodeLink} node=${node} />`);
}

export function ProjectPage({ route }) {
  const key = route.parts[1] ?? '';
  const query = useQuery(ProjectPageQuery, { key });
  const project = query.data?.project;
  const more = useCallback(
    async (after) => (await request(ProjectMembers, { key, after })).project.members,
    [key],
  );
  const members = useConnection(project?.members, more);
  const status = html`<${Status} query=${query} missing=${!project} what="project" />`;
  if (!project) return status;
  return html`<article>
    ${status}
    <header class="page-head">
      <h1>${project.name}</h1>
      ${project.stage && html`<p><span class="tag">${words(project.stage)}</span></p>`}
      ${project.summary && html`<p>${project.summary}</p>`}
      <p>Topics: <${Names} nodes=${project.topics.nodes} /></p>
      <p>Worked on at: <${Names} nodes=${project.gatherings.nodes} /></p>
    </header>
    <div class="columns">
      <div>
        <section class="panel">
          <h2>Members <${Count} shown=${members.edges.length} total=${members.totalCount} /></h2>
          <ul>
            ${members.edges.map(
              (edge) => html`<li>
                <${NodeLink} node=${edge.node} /> · ${edge.role ?? 'member'}
                ${edge.node.headline && html`<span class="muted"> ${edge.node.headline}</span>`}
              </li>`,
            )}
          </ul>
          <${ShowMore} connection=${members} label="members" />
        </section>
        <section class="panel">
          <h2>Needs</h2>
          <p><${Names} nodes=${project.needs.nodes} /></p>
        </section>
      </div>
      <section class="panel" aria-labelledby="suggested-members">
        <h2 id="suggested-members">Suggested members</h2>
        <${Suggestions}
          suggestions=${project.suggestedMembers}
          empty="No one to suggest: nobody outside the team has what the project needs."
        />
      </section>
    </div>
  </article>`;
}
