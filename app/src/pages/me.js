// Me: sign in by pasting an API token (kept for this tab only) or browse
// anonymously; the signed-in person's consent switches.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import SetConsent from '../documents/SetConsent.graphql';
import { request } from '../api.js';
import { signIn, signOut, token } from '../session.js';
import { ErrorNote, NodeLink } from '../ui.js';
import { useViewer } from '../viewer.js';

const SWITCHES = [
  ['discoverable', 'Discoverable: others may find me and be recommended me'],
  ['exportable', 'Exportable: I appear in network exports'],
];

/** The person's consent flags as switches that change them through the API. */
export function ConsentSwitches({ person, onChange }) {
  const [state, setState] = useState({ saving: false, error: null, saved: null });
  const [values, setValues] = useState({});
  const shown = (field) => values[field] ?? person[field];
  const change = async (field, value) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setState({ saving: true, error: null, saved: null });
    try {
      const data = await request(SetConsent, { input: { person: person.key, [field]: value } });
      const problems = data.setPersonConsent?.userErrors ?? [];
      if (problems.length) {
        setValues((previous) => ({ ...previous, [field]: undefined }));
        setState({ saving: false, error: { messages: problems.map((p) => p.message) }, saved: null });
        return;
      }
      setState({ saving: false, error: null, saved: 'Saved.' });
      onChange?.();
    } catch (error) {
      setValues((previous) => ({ ...previous, [field]: undefined }));
      setState({ saving: false, error, saved: null });
    }
  };
  return html`<fieldset class="panel consent">
    <legend>Consent</legend>
    ${SWITCHES.map(
      ([field, text]) => html`<label class="switch">
        <input
          type="checkbox"
          name=${field}
          checked=${shown(field)}
          disabled=${state.saving}
          onChange=${(event) => change(field, event.currentTarget.checked)}
        />
        ${text}
      </label>`,
    )}
    <p role="status" class="muted">${state.saving ? 'Saving…' : (state.saved ?? '')}</p>
    <${ErrorNote} error=${state.error} />
  </fieldset>`;
}

export function MePage() {
  const { me, reload } = useViewer();
  const [secret, setSecret] = useState('');
  const signedIn = Boolean(token());
  if (signedIn) {
    return html`<section>
      <h1>Me</h1>
      ${me
        ? html`<p>Signed in as <${NodeLink} node=${{ __typename: 'Person', ...me }} />.</p>
            ${me.email && html`<p>Email: ${me.email}</p>`}
            <${ConsentSwitches} person=${me} onChange=${reload} />`
        : html`<p>Signed in with a token that belongs to no person (an operator's token).</p>`}
      <button type="button" onClick=${signOut}>Sign out</button>
    </section>`;
  }
  return html`<section>
    <h1>Sign in</h1>
    <p>
      Paste an API token (from <code>convene token create --person KEY</code>). It is kept in
      this tab only, until you sign out or close it. Without one you browse anonymously.
    </p>
    <form
      class="sign-in"
      onSubmit=${(event) => {
        event.preventDefault();
        if (secret.trim()) signIn(secret);
        setSecret('');
      }}
    >
      <label for="token">API token</label>
      <input
        id="token"
        type="password"
        autocomplete="off"
        value=${secret}
        onInput=${(event) => setSecret(event.currentTarget.value)}
      />
      <button type="submit">Sign in</button>
    </form>
  </section>`;
}
