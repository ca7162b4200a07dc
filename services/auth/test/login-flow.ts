// Drives /oauth2/authorize → login page → POST as a script-less browser would (no JavaScript, cookies kept by hand).

export interface LoginResult {
  status: number;
  location: string | null;
  html: string;
}

function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    const decode = (text: string): string => text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
    fields[decode(match[1] as string)] = decode(match[2] as string);
  }
  return fields;
}

export async function loginThroughPage(authorizeUrl: string, username: string, password: string, tamper: (fields: Record<string, string>) => void = () => undefined): Promise<LoginResult> {
  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  const page = authorize.headers.get('location');
  if (authorize.status !== 302 || page === null) throw new Error(`authorize answered ${authorize.status}`);
  const pageUrl = new URL(page, authorizeUrl);
  const form = await fetch(pageUrl);
  const html = await form.text();
  if (form.status !== 200) return { status: form.status, location: null, html };
  const cookie = (form.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const fields = { ...hiddenFields(html), username, password };
  tamper(fields);
  const submitted = await fetch(new URL('/oauth2/login', authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: submitted.status, location: submitted.headers.get('location'), html: await submitted.text() };
}
