// The signed-in person's API token, kept for this browser tab only (sessionStorage):
// closing the tab or signing out forgets it.
const KEY = 'convene.token';
const listeners = new Set();

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(secret) {
  sessionStorage.setItem(KEY, secret.trim());
  listeners.forEach((listener) => listener());
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  listeners.forEach((listener) => listener());
}

/** Call `listener` whenever the token changes; returns a function that stops it. */
export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
