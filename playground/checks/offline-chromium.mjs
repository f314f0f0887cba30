// How the browser checks start Chromium: headless, and unable to reach anything but
// this machine (every other host name fails to resolve), so a request that would
// leave the server's origin fails the check instead of going out.
export const OFFLINE_CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: [
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
