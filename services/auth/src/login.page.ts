// Server-rendered login page: plain HTML, no scripts, so it works in any browser
// and under a CSP that forbids scripts altogether.

export type Lang = 'en' | 'ru';

const texts = {
  en: {
    title: 'Sign in',
    heading: 'Sign in',
    username: 'Username, e-mail or phone',
    password: 'Password',
    submit: 'Sign in',
    client: 'to continue to',
    error: 'Sign-in failed',
    expired: 'The form has expired. Please try again.',
    badRequest: 'This sign-in link is not valid.',
    other: 'Русский',
  },
  ru: {
    title: 'Вход',
    heading: 'Вход',
    username: 'Имя пользователя, e-mail или телефон',
    password: 'Пароль',
    submit: 'Войти',
    client: 'для продолжения в',
    error: 'Не удалось войти',
    expired: 'Срок действия формы истёк. Попробуйте ещё раз.',
    badRequest: 'Ссылка для входа недействительна.',
    other: 'English',
  },
} as const;

export type TextKey = keyof (typeof texts)['en'];

export function text(lang: Lang, key: TextKey): string {
  return texts[lang][key];
}

/** `lang` parameter first, then the browser's preference; English otherwise. */
export function pickLang(explicit: string, acceptLanguage: string | undefined): Lang {
  if (explicit === 'ru' || explicit === 'en') return explicit;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('ru') ? 'ru' : 'en';
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export interface LoginView {
  lang: Lang;
  /** The authorize parameters carried through the form as hidden fields. */
  hidden: Record<string, string>;
  csrf: string;
  clientName: string;
  username?: string;
  error?: string;
  /** Show only the message: there is no valid request to sign in for. */
  errorOnly?: boolean;
  /** Link to the same page in the other language. */
  otherLangHref: string;
}

const style = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15);width:min(22rem,90vw)}
h1{margin-top:0;font-size:1.5rem}label{display:block;margin:.75rem 0 .25rem}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
button{margin-top:1.25rem;width:100%;padding:.6rem;font-size:1rem;cursor:pointer}
.error{color:#a00;background:#fee;padding:.5rem;border-radius:4px}.lang{float:right;font-size:.85rem}`;

export function renderLogin(view: LoginView): string {
  const t = texts[view.lang];
  const error = view.error === undefined ? '' : `<p class="error" role="alert" id="login-error">${escapeHtml(view.error)}</p>`;
  const form = view.errorOnly
    ? ''
    : `<form method="post" action="/oauth2/login" autocomplete="on">
${Object.entries(view.hidden)
  .filter(([, value]) => value !== '')
  .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
  .join('\n')}
<input type="hidden" name="csrf" value="${escapeHtml(view.csrf)}">
<input type="hidden" name="lang" value="${view.lang}">
<label for="username">${t.username}</label>
<input type="text" id="username" name="username" required autocomplete="username" autocapitalize="none" spellcheck="false" value="${escapeHtml(view.username ?? '')}"${view.username ? '' : ' autofocus'}>
<label for="password">${t.password}</label>
<input type="password" id="password" name="password" required autocomplete="current-password"${view.username ? ' autofocus' : ''}>
<button type="submit">${t.submit}</button>
</form>`;
  return `<!doctype html>
<html lang="${view.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${t.title}</title>
<style>${style}</style>
</head>
<body>
<main>
<a class="lang" href="${escapeHtml(view.otherLangHref)}" hreflang="${view.lang === 'en' ? 'ru' : 'en'}">${t.other}</a>
<h1>${t.heading}</h1>
${view.clientName === '' ? '' : `<p>${t.client} <strong>${escapeHtml(view.clientName)}</strong></p>`}
${error}
${form}
</main>
</body>
</html>
`;
}
