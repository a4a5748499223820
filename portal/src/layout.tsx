import { useEffect, useState } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { useMe } from './api/me';
import { useRole } from './api/role';
import { ErrorNotice } from './components/errors';
import { Loading } from './components/page';
import { useLanguage, useT } from './i18n/i18n';
import { LANGUAGES, type Language } from './i18n/language';
import { useSession } from './session/session-provider';

/** The navigation; `admins` entries only for the account's ADMINs (the service refuses the others anyway). */
const NAV: Array<{ to: string; label: string; end?: boolean; admins?: boolean }> = [
  { to: '/', label: 'nav.overview', end: true },
  { to: '/quotes', label: 'nav.quotes' },
  { to: '/invoices', label: 'nav.invoices' },
  { to: '/payment-methods', label: 'nav.paymentMethods' },
  { to: '/purchase-orders', label: 'nav.purchaseOrders' },
  { to: '/bill-to', label: 'nav.billTo' },
  { to: '/requests', label: 'nav.requests' },
  { to: '/documents', label: 'nav.documents' },
  { to: '/activity', label: 'nav.activity' },
  { to: '/users', label: 'nav.users', admins: true },
  { to: '/profile', label: 'nav.profile' },
];

export function LanguageSwitch() {
  const t = useT();
  const { language, chooseLanguage } = useLanguage();
  return (
    <label className="language-switch">
      <span>{t('app.language')}</span>
      <select value={language} onChange={(e) => chooseLanguage(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`app.language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function SkipLink() {
  const t = useT();
  return (
    <a className="skip-link" href="#main">
      {t('app.skipToContent')}
    </a>
  );
}

/** The pages before login: the product's name, the language switch, the form. */
export function PublicLayout() {
  const t = useT();
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <p className="brand">{t('app.name')}</p>
        <LanguageSwitch />
      </header>
      <main id="main" className="public-main">
        <Outlet />
      </main>
    </>
  );
}

/** The logged-in pages: the account, the navigation, the language, logging out. */
export function PortalLayout() {
  const t = useT();
  const { data, error } = useMe();
  const { adoptAccountLocale } = useLanguage();
  const { logout } = useSession();
  const { manage } = useRole();
  const [menuOpen, setMenuOpen] = useState(false);
  const account = data?.me.account;

  useEffect(() => {
    if (account) adoptAccountLocale(account.locale);
  }, [account, adoptAccountLocale]);

  return (
    <>
      <SkipLink />
      <header className="site-header">
        <Link className="brand" to="/">
          {t('app.name')}
        </Link>
        {account && (
          <p className="account-name">
            {account.organisationName} <span className="muted">· {account.accountNumber}</span>
          </p>
        )}
        <div className="header-actions">
          <LanguageSwitch />
          <button type="button" className="link-button" onClick={() => void logout()}>
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <nav className="site-nav" aria-label={t('nav.label')}>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="site-nav-list"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t('nav.menu')}
        </button>
        <ul id="site-nav-list" className={menuOpen ? 'open' : undefined}>
          {NAV.filter((item) => manage || !item.admins).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end} onClick={() => setMenuOpen(false)}>
                {t(item.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="portal-main">
        {error ? <ErrorNotice error={error} /> : data ? <Outlet /> : <Loading />}
      </main>
    </>
  );
}
