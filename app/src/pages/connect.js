// How we're connected: the introduction path from one person (the signed-in one, or
// any chosen person) to another, step by step with what each pair shares.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import ConnectionPath from '../documents/ConnectionPath.graphql';
import Search from '../documents/Search.graphql';
import { useQuery } from '../data.js';
import { navigate } from '../router.js';
import { NodeLink, Status, words } from '../ui.js';
import { useViewer } from '../viewer.js';

const MAX_LENGTH = 6;

/** Pick a node by name (a person unless `labels` say otherwise): a search box and
 * what it finds. */
export function NodePicker({ label, onPick, labels = ['PERSON'], id = 'picker-text' }) {
  const [text, setText] = useState('');
  const [asked, setAsked] = useState('');
  const query = useQuery(Search, { text: asked, first: 8, labels }, { skip: !asked });
  return html`<div class="picker">
    <form
      onSubmit=${(event) => {
        event.preventDefault();
        setAsked(text.trim());
      }}
    >
      <label for=${id}>${label}</label>
      <input
        id=${id}
        type="search"
        value=${text}
        onInput=${(event) => setText(event.currentTarget.value)}
        autocomplete="off"
      />
      <button type="submit">Find</button>
    </form>
    <${Status} query=${query} what="people" />
    <ul class="picks">
      ${(query.data?.search ?? []).map(
        ({ node }) =>
          html`<li>
            <button type="button" onClick=${() => onPick(node.key)}>${node.name}</button>
            ${node.headline && html`<span class="muted"> ${node.headline}</span>`}
          </li>`,
      )}
    </ul>
  </div>`;
}

function Steps({ path }) {
  return html`<ol class="path">
    ${path.steps.map(
      (step) => html`<li>
        <${NodeLink} node=${step.from} /> → <${NodeLink} node=${step.to} />
        <ul class="shared">
          ${step.shared.map(
            (shared) =>
              html`<li>
                share <${NodeLink} node=${shared.context} />
                <span class="muted">(${words(shared.relationship)})</span>
              </li>`,
          )}
        </ul>
      </li>`,
    )}
  </ol>`;
}

export function ConnectPage({ route }) {
  const to = route.parts[1] ?? '';
  const { me } = useViewer();
  const from = route.params.get('from') ?? (me && me.key !== to ? me.key : '');
  const query = useQuery(ConnectionPath, { from, to, maxLength: MAX_LENGTH }, { skip: !from || !to });
  const data = query.data;
  const result = data?.connectionPath;
  const choose = (key) => navigate(`connect/${to}?from=${encodeURIComponent(key)}`);
  return html`<section>
    <h1>How we're connected</h1>
    ${!from &&
    html`<p>Sign in to see how you are connected, or choose the person to start from.</p>`}
    <${NodePicker} label="Start from (a person's name)" onPick=${choose} />
    <${Status} query=${query} what="connection" />
    ${data &&
    (!data.from || !data.to) &&
    html`<p class="empty" role="status">One of the two people does not exist or is hidden from you.</p>`}
    ${data?.from &&
    data?.to &&
    html`<h2>
      From <${NodeLink} node=${{ __typename: 'Person', ...data.from }} />${' to '}<${NodeLink}
        node=${{ __typename: 'Person', ...data.to }}
      />
    </h2>`}
    ${result?.path &&
    html`<p role="status">
        ${result.path.length === 1 ? 'One step: you know each other.' : `${result.path.length} steps`}
      </p>
      <${Steps} path=${result.path} />`}
    ${result && !result.path && html`<p class="empty" role="status">${result.reason}</p>`}
  </section>`;
}
