// Find: one search box over people, projects, organizations, gatherings and clusters.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import Search from '../documents/Search.graphql';
import { useQuery } from '../data.js';
import { navigate } from '../router.js';
import { Status, TYPE_NAMES, hrefOf, place } from '../ui.js';

const PAGE = 20;
const MOST = 100;

function detail(node) {
  if (node.headline) return node.headline;
  if (node.summary) return node.summary;
  return [node.starts, place(node)].filter(Boolean).join(' · ');
}

export function SearchForm({ initial = '', label = 'Search', onSearch }) {
  const [text, setText] = useState(initial);
  const submit = (event) => {
    event.preventDefault();
    if (text.trim()) onSearch(text.trim());
  };
  return html`<form class="search" role="search" onSubmit=${submit}>
    <label for="search-text">${label}</label>
    <input
      id="search-text"
      type="search"
      value=${text}
      onInput=${(event) => setText(event.currentTarget.value)}
      placeholder="a name, a topic, a place…"
      autocomplete="off"
    />
    <button type="submit">Search</button>
  </form>`;
}

export function FindPage({ route }) {
  const text = route.params.get('q') ?? '';
  const [first, setFirst] = useState(PAGE);
  const query = useQuery(Search, { text, first, labels: null }, { skip: !text });
  const hits = query.data?.search ?? [];
  return html`<section>
    <h1>Find people, projects and gatherings</h1>
    <${SearchForm}
      key=${text}
      initial=${text}
      onSearch=${(value) => {
        setFirst(PAGE);
        navigate(`find?q=${encodeURIComponent(value)}`);
      }}
    />
    <${Status} query=${query} what="results" />
    ${text &&
    query.data &&
    html`<p role="status">${hits.length ? `Results for “${text}”` : `Nothing matches “${text}”.`}</p>`}
    <ul class="results">
      ${hits.map(
        ({ node }) => html`<li>
          <span class=${`type type-${node.__typename}`}>${TYPE_NAMES[node.__typename]}</span>
          <a href=${hrefOf(node)}>${node.name}</a>
          <span class="muted">${detail(node)}</span>
        </li>`,
      )}
    </ul>
    ${hits.length === first &&
    first < MOST &&
    html`<button type="button" onClick=${() => setFirst(Math.min(first + PAGE, MOST))}>
      ${query.loading ? 'Loading…' : 'Show more results'}
    </button>`}
  </section>`;
}
