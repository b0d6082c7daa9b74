// The studio API client: bearer tokens kept in localStorage, refreshed once on a 401.

export class ApiError extends Error {
  status: number
  detail: string
  /** The problem's stable machine-readable code (RFC 9457 body), which the UI translates. */
  code: string
  constructor(status: number, detail: string, code = '') {
    super(detail)
    this.status = status
    this.detail = detail
    this.code = code
  }
}

const ACCESS = 'fs.access'
const REFRESH = 'fs.refresh'

export function accessToken(): string | null {
  return localStorage.getItem(ACCESS)
}

export function setTokens(access: string, refresh: string): void {
  localStorage.setItem(ACCESS, access)
  localStorage.setItem(REFRESH, refresh)
}

export function clearTokens(): void {
  localStorage.removeItem(ACCESS)
  localStorage.removeItem(REFRESH)
}

/** Fired when the API answers 403 `mfa_required`; the session is already cleared then. */
export const MFA_REQUIRED_EVENT = 'fs:mfa-required'

let refreshing: Promise<boolean> | null = null

async function refreshTokens(): Promise<boolean> {
  const token = localStorage.getItem(REFRESH)
  if (!token) return false
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refresh_token: token }),
  })
    .then(async (r) => {
      if (!r.ok) {
        clearTokens()
        return false
      }
      const pair = await r.json()
      setTokens(pair.access_token, pair.refresh_token)
      return true
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null
    })
  return refreshing
}

/** The error a failed answer stands for: its problem document's sentence and stable code
 *  (RFC 9457), or just its status when the body is not one. */
export async function problemOf(response: Response): Promise<ApiError> {
  try {
    const body = await response.json()
    return new ApiError(
      response.status,
      typeof body.detail === 'string' ? body.detail : '',
      typeof body.code === 'string' ? body.code : '',
    )
  } catch {
    return new ApiError(response.status, '')
  }
}

export interface RequestOptions {
  method?: string
  body?: unknown
  form?: FormData
  headers?: Record<string, string>
  auth?: boolean
}

export async function api<T>(path: string, options: RequestOptions = {}, retry = true): Promise<T> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  const token = accessToken()
  if (token && options.auth !== false) headers.Authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(`/api/v1${path}`, {
      method: options.method ?? (options.body !== undefined || options.form ? 'POST' : 'GET'),
      headers,
      body: options.form ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    })
  } catch {
    throw new ApiError(0, '')
  }
  if (response.status === 401 && retry && options.auth !== false && (await refreshTokens())) {
    return api<T>(path, options, false)
  }
  if (!response.ok) {
    const problem = await problemOf(response)
    // An administrator's token from a login without the second step: this session cannot go
    // on, so it ends and the app sends the person to log in again (see AuthProvider).
    if (problem.status === 403 && problem.code === 'mfa_required') {
      clearTokens()
      window.dispatchEvent(new Event(MFA_REQUIRED_EVENT))
    }
    throw problem
  }
  if (response.status === 204) return undefined as T
  const type = response.headers.get('content-type') ?? ''
  if (!type.includes('json')) return undefined as T
  return (await response.json()) as T
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface User {
  id: string
  email: string
  name: string
  role: 'user' | 'admin'
  tier: 'free' | 'pro' | 'enterprise'
  email_verified: boolean
  is_suspended: boolean
  credit_reset_date: string
  created_at: string
}

export interface Balance {
  credits: number
  tier: string
  monthly_credits: number | null
  unlimited: boolean
  credit_reset_date: string
}

export type ProjectStatus = 'draft' | 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled'

export interface ProjectSettings {
  quality?: string
  seed?: number
  cast?: Record<string, string>
  plan?: unknown
  images?: unknown[]
}

export interface Project {
  id: string
  owner_id: string
  title: string
  script: string
  style: string
  duration: number
  language: string | null
  voice: string
  music: string
  settings: ProjectSettings
  status: ProjectStatus
  version: number
  access: 'owner' | 'edit' | 'view' | 'admin'
  created_at: string
  updated_at: string
  /** The latest finished film's picture (a signed link); null before the first film. */
  thumbnail_url?: string | null
}

export interface Version {
  version: number
  name?: string | null
  data: Record<string, unknown>
  created_by: string
  created_at: string
}

export type JobState = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled'

export interface Job {
  id: string
  project_id: string
  project_version: number
  user_id: string
  status: JobState
  priority: string
  progress: number
  current_step: string
  error: string | null
  quality: string
  watermark: boolean
  moderation: 'pending_review' | null
  created_at: string
  finished_at: string | null
}

export interface Render {
  id: string
  project_version: number
  status: JobState
  progress: number
  current_step: string
  error: string | null
  quality: string
  watermark: boolean
  moderation: string | null
  created_at: string
  finished_at: string | null
  files: Record<string, string>
  thumbnail_url?: string | null
}

export interface Change {
  field: string
  before: unknown
  after: unknown
}

export interface LineChange {
  line: number
  before: { speaker: string; text: string; emotion: string } | null
  after: { speaker: string; text: string; emotion: string } | null
}

export interface SceneChange {
  scene: number
  status: 'added' | 'removed' | 'changed'
  fields: Change[]
  lines: LineChange[]
}

/** GET /projects/:id/versions/compare: what changed from one version to another. */
export interface VersionDiff {
  before: Version
  after: Version
  fields: Change[]
  settings: Change[]
  storyboard: Change[]
  scenes: SceneChange[]
}

/** How long a film the script needs (POST /projects/length, GET /projects/:id/length). */
export interface LengthCheck {
  words: number
  minimum_duration: number
  duration: number | null
  fits: boolean
}

export interface CheckoutStatus {
  session_id: string
  kind: 'credits' | 'subscription'
  credits: number | null
  plan: string | null
  status: 'open' | 'completed' | 'expired'
}

export interface Progress {
  id: string
  status: JobState
  progress: number
  current_step: string
}

export interface Choice {
  id: string
  description: string
}

export interface Choices {
  styles: Choice[]
  voices: Choice[]
  music: Choice[]
  languages: Choice[]
  max_words: number
}

export interface RefImage {
  id: string
  key: string
  filename: string
  width: number
  height: number
  size: number
  url: string
  thumbnail_url: string
}

export interface Line {
  speaker: string
  text: string
  emotion: string
  parenthetical?: string | null
  language: string
  delivery?: string
  effect?: string
}

export interface Shot {
  kind: string
  subject: string | null
  move: string
  lines: number[]
}

export interface Action {
  who: string
  action: string
  target?: string | null
  line?: number | null
  /** What changes hands in a give or take: one of the scene's props' names. */
  prop?: string | null
}

export interface Prop {
  name: string
  holder?: string | null
}

export interface ExpressionChange {
  who: string
  expression: string
  line?: number | null
}

export interface Scene {
  scene_number: number
  heading: string
  description: string
  setting: { place: string; interior: boolean; time_of_day: string; weather: string }
  characters: string[]
  dialogue: Line[]
  mood: string
  shot_type: string
  duration: number
  image?: string | null
  actions?: Action[]
  props?: Prop[]
  expressions?: ExpressionChange[]
  shots?: Shot[]
  transition?: string
  attire?: string
}

export interface Character {
  name: string
  gender: string
  age: string
  voice: string
  description?: string
  role?: string
}

export interface FilmPlan {
  title: string
  language: string
  style: string
  music: string
  target_duration: number
  aspect?: string
  seed?: number
  characters?: Character[]
  scenes: Scene[]
  [key: string]: unknown
}

/** The closed lists a scene chooses from (GET /editor/vocabulary: the plan's own types). */
export interface Vocabulary {
  emotions: string[]
  places: string[]
  times_of_day: string[]
  weathers: string[]
  attires: string[]
  moods: string[]
  shot_kinds: string[]
  camera_moves: string[]
  actions: string[]
  /** The actions that pass a prop from hand to hand (give, take). */
  passing_actions: string[]
  expressions: string[]
  deliveries: string[]
  voice_effects: string[]
  transitions: string[]
  aspects: string[]
}

export interface Storyboard {
  source: 'edited' | 'film' | 'draft'
  plan: FilmPlan
  pictures: Record<string, string>
}

export const QUALITIES = ['360p', '720p', '1080p', '2160p'] as const
export const TIER_MAX: Record<string, string> = { free: '720p', pro: '1080p', enterprise: '2160p' }

export function qualitiesFor(tier: string): string[] {
  const max = QUALITIES.indexOf((TIER_MAX[tier] ?? '720p') as (typeof QUALITIES)[number])
  return QUALITIES.slice(0, max + 1)
}

/** Words as the engine counts them (whitespace-separated runs with a letter or digit). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length
}

export const MAX_WORDS = 500

/** The password was right; a code from the authenticator app is needed next. */
export interface MfaChallenge {
  mfa_required: true
  mfa_token: string
  enrolment_required: boolean
  expires_in: number
}

export interface MfaEnrolment {
  secret: string
  otpauth_uri: string
}

export interface TokenPair {
  access_token: string
  refresh_token: string
}

export interface MailStatus {
  configured: boolean
  detail: string
}

/** An answer that e-mailed something: `mail_configured` false when no mail left the studio. */
export interface Message {
  detail: string
  mail_configured?: boolean | null
}
