import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import { Navigate, useLocation, useNavigate } from 'react-router'
import { MFA_REQUIRED_EVENT, accessToken, api, clearTokens, setTokens, type MfaChallenge, type User } from './api'
import { Loading } from '../components/Feedback'

interface AuthState {
  user: User | null
  loading: boolean
  /** Why the session ended, when the studio ended it (a code under `errors.codes`). */
  notice: string | null
  login: (email: string, password: string) => Promise<MfaChallenge | null>
  acceptTokens: (access: string, refresh: string) => Promise<void>
  logout: () => Promise<void>
  reload: () => Promise<void>
}

const AuthContext = createContext<AuthState | null>(null)

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null)
  const [loading, setLoading] = useState(true)
  const [notice, setNotice] = useState<string | null>(null)

  const reload = useCallback(async () => {
    if (!accessToken()) {
      setUser(null)
      setLoading(false)
      return
    }
    try {
      setUser(await api<User>('/users/me'))
    } catch {
      setUser(null)
    } finally {
      setLoading(false)
    }
  }, [])

  useEffect(() => {
    void reload()
  }, [reload])

  const navigate = useNavigate()
  useEffect(() => {
    // The session ended for want of the second step: log in again, told why.
    // The notice lives here, not in the navigation's state: a guarded page's own redirect to
    // the login page may land after this one and would drop it.
    const relogin = () => {
      setNotice('mfa_required')
      setUser(null)
      navigate('/auth/login', { replace: true, state: { from: window.location.pathname + window.location.search } })
    }
    window.addEventListener(MFA_REQUIRED_EVENT, relogin)
    return () => window.removeEventListener(MFA_REQUIRED_EVENT, relogin)
  }, [navigate])

  const acceptTokens = useCallback(
    async (access: string, refresh: string) => {
      setNotice(null)
      setTokens(access, refresh)
      setLoading(true)
      await reload()
    },
    [reload],
  )

  const login = useCallback(
    async (email: string, password: string): Promise<MfaChallenge | null> => {
      const answer = await api<{ access_token: string; refresh_token: string } | MfaChallenge>('/auth/login', {
        body: { email, password },
        auth: false,
      })
      if ('mfa_required' in answer) return answer // a second step (a code) comes first
      await acceptTokens(answer.access_token, answer.refresh_token)
      return null
    },
    [acceptTokens],
  )

  const logout = useCallback(async () => {
    const refresh = localStorage.getItem('fs.refresh')
    try {
      await api('/auth/logout', { body: { refresh_token: refresh } })
    } catch {
      // the tokens are dropped here either way
    }
    clearTokens()
    setUser(null)
  }, [])

  return (
    <AuthContext.Provider value={{ user, loading, notice, login, acceptTokens, logout, reload }}>
      {children}
    </AuthContext.Provider>
  )
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext)
  if (!state) throw new Error('useAuth outside AuthProvider')
  return state
}

export function RequireAuth({ children, admin = false }: { children: ReactNode; admin?: boolean }) {
  const { user, loading } = useAuth()
  const location = useLocation()
  if (loading) return <Loading />
  if (!user) return <Navigate to="/auth/login" replace state={{ from: location.pathname + location.search }} />
  if (admin && user.role !== 'admin') return <Navigate to="/dashboard" replace />
  return <>{children}</>
}
