// Who is signed in: the `me` of the API token kept in this tab (null when anonymous).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import Me from './documents/Me.graphql';
import { useQuery } from './data.js';
import { token } from './session.js';

export const ViewerContext = createContext({ me: null, reload: () => {} });

/** Load `me` for the app shell (again whenever the token changes). */
export function useViewerQuery() {
  return useQuery(Me, {}, { skip: !token() });
}

export function useViewer() {
  return useContext(ViewerContext);
}
