// An education innovation cluster: its members by sector, the sector mix, the ties
// that bridge sectors, and the introductions that would strengthen it most.
import { html } from '../html.js';
import ClusterPageQuery from '../documents/ClusterPage.graphql';
import { useQuery } from '../data.js';
import { BASE } from '../router.js';
import { Reasons } from '../reasons.js';
import { NodeLink, Status, place, words } from '../ui.js';

const SECTORS = ['EDUCATION', 'RESEARCH', 'COMMERCIAL'];

function SectorMix({ sectors }) {
  const total = sectors.reduce((sum, share) => sum + share.people, 0) || 1;
  return html`<table class="mix">
    <caption>Sector mix</caption>
    <thead>
      <tr><th scope="col">Sector</th><th scope="col">Organizations</th><th scope="col">People</th><th scope="col">Share</th></tr>
    </thead>
    <tbody>
      ${sectors.map(
        (share) => html`<tr>
          <th scope="row">${words(share.sector)}</th>
          <td>${share.organizations.length}</td>
          <td>${share.people}</td>
          <td>
            <span class=${`bar sector-${share.sector.toLowerCase()}`} style=${`width: ${(100 * share.people) / total}%`}></span>
            ${Math.round((100 * share.people) / total)}%
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

export function ClusterPage({ route }) {
  const key = route.parts[1] ?? '';
  const query = useQuery(ClusterPageQuery, { key });
  const cluster = query.data?.cluster;
  const status = html`<${Status} query=${query} missing=${!cluster} what="cluster" />`;
  if (!cluster) return status;
  const bridges = cluster.bridges;
  const members = [...SECTORS, null].map((sector) => [
    sector,
    cluster.members.edges.filter((edge) => (edge.sector ?? null) === sector),
  ]);
  return html`<article>
    ${status}
    <header class="page-head">
      <h1>${cluster.name}</h1>
      ${place(cluster) && html`<p class="muted">${place(cluster)}</p>`}
      ${cluster.summary && html`<p>${cluster.summary}</p>`}
      <p class="actions"><a href=${`${BASE}explore?cluster=${cluster.key}`}>Explore the cluster's network</a></p>
    </header>
    <div class="columns">
      <div>
        <section class="panel">
          <h2>Members by sector</h2>
          ${members.map(
            ([sector, edges]) =>
              edges.length > 0 &&
              html`<h3>${sector ? words(sector) : 'sector not given'} (${edges.length})</h3>
                <ul>
                  ${edges.map((edge) => html`<li><${NodeLink} node=${edge.node} /></li>`)}
                </ul>`,
          )}
        </section>
        <section class="panel">
          <h2>Bridges</h2>
          <${SectorMix} sectors=${bridges.sectors} />
          <ul>
            ${bridges.crossTies.map(
              (tie) => html`<li>${tie.sectors.map(words).join(' – ')}: ${tie.ties} tie${tie.ties === 1 ? '' : 's'}</li>`,
            )}
          </ul>
        </section>
      </div>
      <section class="panel" aria-labelledby="introductions">
        <h2 id="introductions">Suggested introductions</h2>
        ${bridges.introductions.length === 0 && html`<p class="empty">No introductions to suggest.</p>`}
        <ol class="suggestions">
          ${bridges.introductions.map(
            (introduction) => html`<li class="suggestion">
              <div class="suggestion-head">
                <${NodeLink} node=${introduction.people[0]} />${` (${words(introduction.sectors[0])}) and `}<${NodeLink}
                  node=${introduction.people[1]}
                />${` (${words(introduction.sectors[1])})`}
                <span class="score">score ${introduction.score.toFixed(2)}</span>
              </div>
              <${Reasons} reasons=${introduction.reasons} />
            </li>`,
          )}
        </ol>
      </section>
    </div>
  </article>`;
}
