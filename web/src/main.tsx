import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { BrowserRouter, Route, Routes } from 'react-router'
import Layout from './components/Layout'
import './index.css'
import { AuthProvider, RequireAuth } from './lib/auth'
import './lib/i18n'
import Admin from './pages/Admin'
import { ConfirmEmail, ForgotPassword, ResetPassword, VerifyEmail } from './pages/Account'
import { AuthCallback, Login, Register } from './pages/Auth'
import Dashboard from './pages/Dashboard'
import Generate from './pages/Generate'
import Landing from './pages/Landing'
import NotFound from './pages/NotFound'
import Outbox from './pages/Outbox'
import ProjectForm from './pages/ProjectForm'
import Projects from './pages/Projects'
import ProjectView from './pages/ProjectView'
import Settings from './pages/Settings'

const guarded = (element: React.ReactNode, admin = false) => <RequireAuth admin={admin}>{element}</RequireAuth>

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <AuthProvider>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<Landing />} />
            <Route path="auth/login" element={<Login />} />
            <Route path="auth/register" element={<Register />} />
            <Route path="auth/callback" element={<AuthCallback />} />
            <Route path="auth/forgot-password" element={<ForgotPassword />} />
            <Route path="auth/reset-password" element={<ResetPassword />} />
            <Route path="auth/verify-email" element={<VerifyEmail />} />
            <Route path="auth/confirm-email" element={<ConfirmEmail />} />
            <Route path="dashboard" element={guarded(<Dashboard />)} />
            <Route path="projects" element={guarded(<Projects />)} />
            <Route path="projects/new" element={guarded(<ProjectForm />)} />
            <Route path="projects/:id" element={guarded(<ProjectView />)} />
            <Route path="projects/:id/edit" element={guarded(<ProjectForm key="edit" />)} />
            <Route path="generate" element={guarded(<Generate />)} />
            <Route path="settings" element={guarded(<Settings />)} />
            <Route path="admin" element={guarded(<Admin />, true)} />
            <Route path="dev/outbox" element={guarded(<Outbox />)} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </AuthProvider>
    </BrowserRouter>
  </StrictMode>,
)
