// Suggestions and their reasons, in words, with links to the evidence.
import { html } from './html.js';
import { NodeLink } from './ui.js';

const EVIDENCE_SHOWN = 3;
// The API lists at most this many nodes behind a reason; a full list may stand for more.
const EVIDENCE_LISTED = 10;

function plural(count, one, many = `${one}s`) {
  const number = count >= EVIDENCE_LISTED ? `${count}+` : String(count);
  return `${number} ${count === 1 ? one : many}`;
}

/** A reason as a phrase, e.g. "3 common collaborators". */
export function reasonPhrase(reason) {
  const count = reason.evidence.length;
  switch (reason.kind) {
    case 'SHARED_TOPIC':
      return count === 1 ? 'shared topic' : plural(count, 'shared topic');
    case 'COMPLEMENTARY_SKILL':
      return count === 1 ? 'has a skill that is needed' : `has ${count} skills that are needed`;
    case 'COMMON_COLLABORATOR':
      return plural(count, 'common collaborator');
    case 'SAME_GATHERING':
      return 'both at';
    case 'SAME_CLUSTER':
      return 'both in';
    case 'CROSS_SECTOR_BRIDGE':
      return 'bridges to another sector through';
    default:
      return reason.kind.toLowerCase().replaceAll('_', ' ');
  }
}

function separator(reason) {
  if (!reason.evidence.length) return '';
  return /(at|in|through)$/.test(reasonPhrase(reason)) ? ' ' : ': ';
}

function Evidence({ nodes }) {
  const shown = nodes.slice(0, EVIDENCE_SHOWN);
  const rest = nodes.length - shown.length;
  return html`${shown.map(
    (node, index) => html`${index > 0 ? ', ' : ''}<${NodeLink} node=${node} />`,
  )}${rest > 0 ? ` and ${rest} more` : ''}`;
}

export function Reasons({ reasons }) {
  return html`<ul class="reasons">
    ${reasons.map(
      (reason) =>
        html`<li>
          ${reasonPhrase(reason)}${separator(reason)}<${Evidence}
            nodes=${reason.evidence}
          />
          <span class="contribution" title="adds this much to the score"
            >+${reason.contribution.toFixed(2)}</span
          >
        </li>`,
    )}
  </ul>`;
}

export function Suggestions({ suggestions, empty = 'No suggestions yet.' }) {
  if (!suggestions?.length) return html`<p class="empty">${empty}</p>`;
  return html`<ol class="suggestions">
    ${suggestions.map(
      (suggestion) =>
        html`<li class="suggestion">
          <div class="suggestion-head">
            <${NodeLink} node=${suggestion.node} />
            ${suggestion.node.headline && html`<span class="muted"> · ${suggestion.node.headline}</span>`}
            <span class="score" title="score">score ${suggestion.score.toFixed(2)}</span>
          </div>
          <${Reasons} reasons=${suggestion.reasons} />
        </li>`,
    )}
  </ol>`;
}
