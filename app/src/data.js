// Loading a page's data: one request per page, with its loading and error states,
// and "show more" for connections (Relay cursors).
import { useCallback, useEffect, useState } from 'preact/hooks';
import { request } from './api.js';
import { onSessionChange } from './session.js';

/**
 * Run `document` with `variables` whenever they (or the signed-in person) change.
 * Returns {data, error, loading, reload}.
 */
export function useQuery(document, variables, { skip = false } = {}) {
  const key = JSON.stringify(variables);
  const [state, setState] = useState({ data: null, error: null, loading: !skip });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  useEffect(() => onSessionChange(reload), [reload]);
  useEffect(() => {
    if (skip) {
      setState({ data: null, error: null, loading: false });
      return undefined;
    }
    let live = true;
    setState((previous) => ({ data: previous.data, error: null, loading: true }));
    request(document, JSON.parse(key)).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [document, key, skip, generation]);
  return { ...state, reload };
}

/**
 * A connection that pages on: `initial` is the first page (from the page's query);
 * `more(after)` resolves to the next page. Returns {edges, totalCount, hasMore,
 * loading, error, showMore}.
 */
export function useConnection(initial, more) {
  const [pages, setPages] = useState([]);
  const [state, setState] = useState({ loading: false, error: null });
  useEffect(() => setPages([]), [initial]);
  const last = pages.length ? pages[pages.length - 1] : initial;
  const showMore = useCallback(async () => {
    setState({ loading: true, error: null });
    try {
      const page = await more(last.pageInfo.endCursor);
      setPages((previous) => [...previous, page]);
      setState({ loading: false, error: null });
    } catch (error) {
      setState({ loading: false, error });
    }
  }, [last, more]);
  if (!initial) return { edges: [], totalCount: 0, hasMore: false, ...state, showMore };
  return {
    edges: [initial, ...pages].flatMap((page) => page.edges),
    totalCount: initial.totalCount,
    hasMore: last.pageInfo.hasNextPage,
    ...state,
    showMore,
  };
}
