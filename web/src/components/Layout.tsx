import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, NavLink, Outlet, useNavigate } from 'react-router'
import { useAuth } from '../lib/auth'
import { LANGUAGES } from '../lib/i18n'
import { OfflineBanner } from './Feedback'

export function LanguageMenu({ id = 'language' }: { id?: string }) {
  const { t, i18n } = useTranslation()
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">{t('nav.language')}</span>
      <svg viewBox="0 0 24 24" className="h-4 w-4 text-slate-500" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
        <circle cx="12" cy="12" r="10" />
        <path d="M2 12h20M12 2a15 15 0 0 1 0 20M12 2a15 15 0 0 0 0 20" />
      </svg>
      <select
        id={id}
        data-testid="language-menu"
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        value={i18n.resolvedLanguage}
        onChange={(e) => void i18n.changeLanguage(e.target.value)}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  )
}

function Logo() {
  const { t } = useTranslation()
  return (
    <Link to="/" className="flex items-center gap-2 font-bold text-slate-900">
      <img src="/favicon.svg" alt="" className="h-8 w-8" />
      <span className="whitespace-nowrap">{t('brand')}</span>
    </Link>
  )
}

export default function Layout() {
  const { t } = useTranslation()
  const { user, logout } = useAuth()
  const navigate = useNavigate()
  const [open, setOpen] = useState(false)
  const links = user
    ? [
        { to: '/dashboard', label: t('nav.dashboard') },
        { to: '/projects', label: t('nav.projects') },
        { to: '/generate', label: t('nav.generate') },
        { to: '/settings', label: t('nav.settings') },
        ...(user.role === 'admin' ? [{ to: '/admin', label: t('nav.admin') }] : []),
      ]
    : []
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded-md px-3 py-2 text-sm font-medium ${isActive ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100'}`
  const account = user ? (
    <button
      type="button"
      className="btn-secondary"
      onClick={() => {
        navigate('/')
        void logout()
      }}
    >
      {t('nav.logout')}
    </button>
  ) : (
    <>
      <Link to="/auth/login" className="btn-secondary">
        {t('nav.login')}
      </Link>
      <Link to="/auth/register" className="btn-primary">
        {t('nav.register')}
      </Link>
    </>
  )
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t('nav.skip')}
      </a>
      <OfflineBanner />
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
          <Logo />
          <nav aria-label={t('nav.main')} className="hidden items-center gap-1 md:flex">
            {links.map((l) => (
              <NavLink key={l.to} to={l.to} className={navClass}>
                {l.label}
              </NavLink>
            ))}
          </nav>
          <div className="hidden items-center gap-3 md:flex">
            <LanguageMenu />
            {account}
          </div>
          <button
            type="button"
            className="rounded-md p-2 text-slate-700 hover:bg-slate-100 md:hidden"
            aria-expanded={open}
            aria-controls="mobile-menu"
            onClick={() => setOpen(!open)}
          >
            <span className="sr-only">{t('nav.menu')}</span>
            <svg viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
              <path d={open ? 'M6 6l12 12M18 6L6 18' : 'M4 7h16M4 12h16M4 17h16'} />
            </svg>
          </button>
        </div>
        {open && (
          <div id="mobile-menu" className="border-t border-slate-200 px-4 py-3 md:hidden" onClick={() => setOpen(false)}>
            <nav aria-label={t('nav.main')} className="flex flex-col gap-1">
              {links.map((l) => (
                <NavLink key={l.to} to={l.to} className={navClass}>
                  {l.label}
                </NavLink>
              ))}
            </nav>
            <div className="mt-3 flex flex-wrap items-center gap-3" onClick={(e) => e.stopPropagation()}>
              <LanguageMenu id="language-mobile" />
              {account}
            </div>
          </div>
        )}
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        <Outlet />
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-6 text-sm text-slate-500">
          <span>© 2026 {t('brand')}</span>
          <span>{t('footer.tagline')}</span>
        </div>
      </footer>
    </div>
  )
}
