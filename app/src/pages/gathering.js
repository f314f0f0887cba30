// A gathering: who came and how (attendees by mode), and a team board of proposed
// teams with size and count controls.
import { useCallback } from 'preact/hooks';
import { html } from '../html.js';
import GatheringPageQuery from '../documents/GatheringPage.graphql';
import GatheringAttendees from '../documents/GatheringAttendees.graphql';
import { request } from '../api.js';
import { useConnection, useQuery } from '../data.js';
import { navigate } from '../router.js';
import { Count, NodeLink, ShowMore, Status, place, words } from '../ui.js';

const MODES = ['PROPOSED_PROJECT', 'JOINED_TEAM', 'REFLECTION', 'ATTENDEE'];

function clamp(value, low, high, fallback) {
  const number = Number.parseInt(value ?? '', 10);
  return Number.isNaN(number) ? fallback : Math.min(high, Math.max(low, number));
}

function TeamBoard({ gathering, size, count }) {
  const plan = gathering.suggestedTeams;
  const set = (name, value) => {
    const params = new URLSearchParams({ size, count, [name]: value });
    navigate(`gathering/${gathering.key}?${params}`, { replace: true });
  };
  return html`<section class="panel" aria-labelledby="team-board">
    <h2 id="team-board">Team board</h2>
    <div class="controls">
      <label class="inline">
        People per team
        <input type="number" min="2" max="12" value=${size} onChange=${(event) => set('size', event.currentTarget.value)} />
      </label>
      <label class="inline">
        Teams
        <input type="number" min="1" max="50" value=${count} onChange=${(event) => set('count', event.currentTarget.value)} />
      </label>
    </div>
    ${plan.reason && html`<p class="note" role="status">${plan.reason}</p>`}
    <ol class="teams">
      ${plan.teams.map(
        (team, index) => html`<li class="team">
          <h3>${team.project ? html`<${NodeLink} node=${team.project} />` : `Team ${index + 1}`}</h3>
          <ul>
            ${team.members.map((member) => html`<li><${NodeLink} node=${member} /></li>`)}
          </ul>
          <p class="muted">
            ${team.sectors.length ? `Sectors: ${team.sectors.map(words).join(', ')}. ` : ''}
            ${`New ties: ${team.newTies} of ${team.pairs} pairs.`}
          </p>
          ${team.covered.length > 0 && html`<p>Covers: ${team.covered.map((topic) => topic.name).join(', ')}</p>`}
          ${team.missing.length > 0 && html`<p>Still missing: ${team.missing.map((topic) => topic.name).join(', ')}</p>`}
          <ul class="why">
            ${team.why.map((line) => html`<li>${line}</li>`)}
          </ul>
        </li>`,
      )}
    </ol>
  </section>`;
}

export function GatheringPage({ route }) {
  const key = route.parts[1] ?? '';
  const size = clamp(route.params.get('size'), 2, 12, 4);
  const count = clamp(route.params.get('count'), 1, 50, 3);
  const query = useQuery(GatheringPageQuery, { key, size, count });
  const gathering = query.data?.gathering;
  const more = useCallback(
    async (after) => (await request(GatheringAttendees, { key, after })).gathering.attendees,
    [key],
  );
  const attendees = useConnection(gathering?.attendees, more);
  const status = html`<${Status} query=${query} missing=${!gathering} what="gathering" />`;
  if (!gathering) return status;
  const byMode = MODES.map((mode) => [mode, attendees.edges.filter((edge) => edge.mode === mode)]);
  const dates = [gathering.starts, gathering.ends].filter(Boolean).join(' to ');
  return html`<article>
    ${status}
    <header class="page-head">
      <h1>${gathering.name}</h1>
      <p class="muted">${[words(gathering.kind), dates, place(gathering)].filter(Boolean).join(' · ')}</p>
      ${gathering.summary && html`<p>${gathering.summary}</p>`}
      ${gathering.hosts.nodes.length > 0 &&
      html`<p>Hosted by ${gathering.hosts.nodes.map((host, index) => html`${index ? ', ' : ''}<${NodeLink} node=${host} />`)}</p>`}
    </header>
    <div class="columns">
      <section class="panel">
        <h2>Attendees <${Count} shown=${attendees.edges.length} total=${attendees.totalCount} /></h2>
        ${byMode.map(
          ([mode, edges]) =>
            edges.length > 0 &&
            html`<h3>${words(mode)} (${edges.length})</h3>
              <ul>
                ${edges.map(
                  (edge) => html`<li>
                    <${NodeLink} node=${edge.node} />${edge.credits != null &&
                    ` · ${edge.credits} credit${edge.credits === 1 ? '' : 's'}`}${edge.role && ` · ${edge.role}`}
                  </li>`,
                )}
              </ul>`,
        )}
        <${ShowMore} connection=${attendees} label="attendees" />
      </section>
      <${TeamBoard} gathering=${gathering} size=${size} count=${count} />
    </div>
  </article>`;
}
