// The network explorer: a person's ego network (radius 1 or 2) or a cluster's network
// (its organizations by sector and their people), drawn with Cytoscape.js in rings
// around the centre; Cytoscape is
// loaded only here. Clicking a node opens its page; the same nodes are listed as links
// for keyboards and screen readers.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import EgoNetwork from '../documents/EgoNetwork.graphql';
import ClusterNetwork from '../documents/ClusterNetwork.graphql';
import { useQuery } from '../data.js';
import { BASE, navigate } from '../router.js';
import { ErrorNote, NodeLink, Status, hrefOf } from '../ui.js';
import { NodePicker } from './connect.js';

export const COLORS = {
  education: '#1f6f43',
  research: '#1d4f91',
  commercial: '#a14a00',
  person: '#555a60',
  cluster: '#6b2d8c',
  centre: '#b0122b',
};

const LEGEND = [
  ['education', 'Education'],
  ['research', 'Research'],
  ['commercial', 'Commercial'],
  ['person', 'Person (no sector known) '],
  ['cluster', 'Cluster'],
  ['centre', 'Centre person'],
];

function egoElements(person) {
  const nodes = person.egoNetwork.nodes.map((node) => {
    const sector = node.person.organizations.nodes[0]?.sectors[0]?.toLowerCase();
    return {
      data: {
        id: `Person:${node.key}`,
        label: node.name,
        caption: node.distance < 2 ? node.name : '',
        level: 3 - node.distance,
        color: node.distance === 0 ? COLORS.centre : (COLORS[sector] ?? COLORS.person),
        href: hrefOf({ __typename: 'Person', key: node.key }),
        size: node.distance === 0 ? 34 : 22 - 6 * node.distance,
      },
    };
  });
  const edges = person.egoNetwork.edges.map((edge) => ({
    data: {
      id: `${edge.source}~${edge.target}`,
      source: `Person:${edge.source}`,
      target: `Person:${edge.target}`,
      width: Math.min(6, 1 + edge.weight),
    },
  }));
  return { nodes, edges, truncated: person.egoNetwork.truncated };
}

function clusterElements(cluster) {
  const nodes = new Map();
  const edges = [];
  const add = (id, data) => {
    if (!nodes.has(id)) nodes.set(id, { data: { id, ...data } });
  };
  const centre = `Cluster:${cluster.key}`;
  add(centre, {
    label: cluster.name,
    caption: cluster.name,
    level: 3,
    color: COLORS.cluster,
    href: hrefOf({ __typename: 'Cluster', key: cluster.key }),
    size: 36,
  });
  for (const edge of cluster.members.edges) {
    const organization = `Organization:${edge.node.key}`;
    add(organization, {
      label: edge.node.name,
      caption: edge.node.name,
      level: 2,
      color: COLORS[edge.sector?.toLowerCase()] ?? COLORS.person,
      href: hrefOf({ __typename: 'Organization', key: edge.node.key }),
      size: 24,
      shape: 'round-rectangle',
    });
    edges.push({ data: { id: `${centre}~${organization}`, source: centre, target: organization, width: 3 } });
    for (const person of edge.node.people.nodes) {
      const id = `Person:${person.key}`;
      add(id, {
        label: person.name,
        caption: '',
        level: 1,
        color: COLORS.person,
        href: hrefOf({ __typename: 'Person', key: person.key }),
        size: 14,
      });
      edges.push({ data: { id: `${organization}~${id}`, source: organization, target: id, width: 1 } });
    }
  }
  return { nodes: [...nodes.values()], edges, truncated: false };
}

// Rings by distance from the centre draw small networks the same way every time; a
// force-directed layout untangles larger ones.
function layoutFor(elements) {
  if (elements.nodes.length <= 60) {
    return {
      name: 'concentric',
      concentric: (node) => node.data('level'),
      levelWidth: () => 1,
      minNodeSpacing: 6,
      animate: false,
    };
  }
  return { name: 'cose', animate: false, nodeRepulsion: () => 12000, idealEdgeLength: () => 60 };
}

function Graph({ elements, label }) {
  const container = useRef(null);
  const [state, setState] = useState({ drawn: 0, error: null });
  useEffect(() => {
    let graph = null;
    let live = true;
    import('cytoscape').then(
      ({ default: cytoscape }) => {
        if (!live) return;
        graph = cytoscape({
          container: container.current,
          elements: [...elements.nodes, ...elements.edges],
          style: [
            {
              selector: 'node',
              style: {
                'background-color': 'data(color)',
                label: 'data(caption)',
                width: 'data(size)',
                height: 'data(size)',
                'font-size': 9,
                color: '#1b1b1b',
                'text-valign': 'bottom',
                'text-margin-y': 2,
              },
            },
            { selector: 'node[shape]', style: { shape: 'data(shape)' } },
            {
              selector: 'edge',
              style: { width: 'data(width)', 'line-color': '#b9bec4', 'curve-style': 'haystack' },
            },
          ],
          layout: layoutFor(elements),
          maxZoom: 1.6,
        });
        graph.on('tap', 'node', (event) => {
          const href = event.target.data('href');
          if (href) navigate(href.slice(BASE.length));
        });
        setState({ drawn: graph.nodes().length, error: null });
      },
      (error) => live && setState({ drawn: 0, error }),
    );
    return () => {
      live = false;
      graph?.destroy();
    };
  }, [elements]);
  return html`<div>
    <${ErrorNote} error=${state.error} />
    <div
      class="graph"
      ref=${container}
      role="img"
      aria-label=${label}
      data-nodes=${state.drawn}
    ></div>
  </div>`;
}

function Legend() {
  return html`<ul class="legend" aria-label="Colors">
    ${LEGEND.map(
      ([name, text]) =>
        html`<li><span class="swatch" style=${`background: ${COLORS[name]}`}></span>${text}</li>`,
    )}
  </ul>`;
}

function NodeList({ elements }) {
  return html`<details class="panel">
    <summary>The ${elements.nodes.length} nodes as a list</summary>
    <ul class="node-list">
      ${elements.nodes.map(
        (node) => html`<li><a href=${node.data.href}>${node.data.label}</a></li>`,
      )}
    </ul>
  </details>`;
}

function EgoView({ personKey, radius }) {
  const query = useQuery(EgoNetwork, { key: personKey, radius });
  const person = query.data?.person;
  const [elements, setElements] = useState(null);
  useEffect(() => setElements(person?.egoNetwork ? egoElements(person) : null), [person]);
  return html`<div>
    <div class="controls">
      <label class="inline">
        Radius
        <select
          value=${String(radius)}
          onChange=${(event) =>
            navigate(`explore?person=${personKey}&radius=${event.currentTarget.value}`, { replace: true })}
        >
          <option value="1">1: the people around them</option>
          <option value="2">2: and the people around those</option>
        </select>
      </label>
    </div>
    <${Status} query=${query} missing=${!person?.egoNetwork} what="person" />
    ${person &&
    html`<h2>The network of <${NodeLink} node=${{ __typename: 'Person', ...person }} /></h2>`}
    ${elements &&
    html`${elements.truncated && html`<p class="note">Only the closest people are shown.</p>`}
      <${Graph} elements=${elements} label=${`The network of ${person.name}: ${elements.nodes.length} people`} />
      <${NodeList} elements=${elements} />`}
  </div>`;
}

function ClusterView({ clusterKey }) {
  const query = useQuery(ClusterNetwork, { key: clusterKey });
  const cluster = query.data?.cluster;
  const [elements, setElements] = useState(null);
  useEffect(() => setElements(cluster ? clusterElements(cluster) : null), [cluster]);
  return html`<div>
    <${Status} query=${query} missing=${!cluster} what="cluster" />
    ${cluster && html`<h2>The network of <${NodeLink} node=${{ __typename: 'Cluster', ...cluster }} /></h2>`}
    ${elements &&
    html`<${Graph} elements=${elements} label=${`The network of ${cluster.name}: ${elements.nodes.length} nodes`} />
      <${NodeList} elements=${elements} />`}
  </div>`;
}

export function ExplorerPage({ route }) {
  const personKey = route.params.get('person');
  const clusterKey = route.params.get('cluster');
  const radius = route.params.get('radius') === '2' ? 2 : 1;
  return html`<section>
    <h1>Network explorer</h1>
    <div class="columns pickers">
      <${NodePicker}
        id="explore-person"
        label="A person's network"
        onPick=${(key) => navigate(`explore?person=${encodeURIComponent(key)}`)}
      />
      <${NodePicker}
        id="explore-cluster"
        label="A cluster's network"
        labels=${['CLUSTER']}
        onPick=${(key) => navigate(`explore?cluster=${encodeURIComponent(key)}`)}
      />
    </div>
    <${Legend} />
    ${personKey && html`<${EgoView} key=${personKey} personKey=${personKey} radius=${radius} />`}
    ${!personKey && clusterKey && html`<${ClusterView} key=${clusterKey} clusterKey=${clusterKey} />`}
    ${!personKey && !clusterKey && html`<p>Choose a person or a cluster to draw their network.</p>`}
  </section>`;
}
