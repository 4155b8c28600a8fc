import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CHECKED_HEADER, configProblems, VERSION } from '@touchpoint/core'
import type { ConfigProblem, SurveyConfig } from '@touchpoint/core'
import { matchedVersions, noneMatch, versionTag } from './config-etag.js'
import type { ConfigStore, VersionSummary } from './config-store.js'
import { VersionConflict } from './config-store.js'
import { HttpError } from './http-error.js'
import { json as send } from './json-answer.js'
import { originProblem } from './origin-policy.js'
import { quote } from './quote.js'
import { BodyError, parseJson, readParams, shownValue, whole } from './request-input.js'

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void

export interface ConfigApiOptions {
  store: ConfigStore
  /** Throws the 401 (or 429) of a request without the admin token. */
  requireAdmin(req: IncomingMessage): void
  allowedOrigins: readonly string[] | '*'
  /** Reads a request body as text within the collector's limits (size, bytes in flight, nesting). */
  readText(req: IncomingMessage): Promise<string>
  /** The clock that decides which surveys are running (tests move it). */
  now?: () => number
}

/** Longest publish note, in characters. */
export const MAX_NOTE = 1000
/** Most versions one page of the history lists. */
export const MAX_VERSIONS_LIMIT = 100
/**
 * The highest version number a request may name: nine digits, well within the integer column
 * (a larger number would make PostgreSQL fail the query, 22003, rather than find no version).
 */
const MAX_VERSION = 999_999_999
/** Who publishes through the API. A collector has one admin token, so one name. */
const ADMIN = 'admin'

const note = (v: unknown): string | undefined => {
  if (v === undefined || v === '') return
  if (typeof v !== 'string' || v.length > MAX_NOTE) throw new HttpError(400, `note must be a text of at most ${MAX_NOTE} characters`)
  return v.trim() || undefined
}

/** What a write's `If-Match` names: versions, `'*'`, or nothing (no header). A header that is no list of ETags is a 400. */
function ifMatchOf(req: IncomingMessage): number[] | '*' | undefined {
  const header = req.headers['if-match']
  if (!header) return
  const versions = matchedVersions(header)
  if (!versions) throw new HttpError(400, `If-Match must be * or ETags in double quotes, e.g. "v7" (got ${quote(header)})`)
  return versions
}

/** Why a publish was refused (412): someone published meanwhile, or `If-Match` names no version published here. */
const conflict = (res: ServerResponse, latest: VersionSummary | undefined, ifMatch: number[] | '*' | undefined) =>
  send(res, 412, {
    error: !latest
      ? 'If-Match names a version, but none is published yet'
      : Array.isArray(ifMatch) && ifMatch.every((v) => v > latest.version)
        ? `If-Match names no version published here: the latest is version ${latest.version} (ETag ${versionTag(latest.version)}); load it and make your change on top of it`
        : `version ${latest.version} was published meanwhile (by ${latest.publishedBy}, ${latest.publishedAt}): load it and make your change on top of it`,
    latest: latest ?? null,
  })

/**
 * The config API: `GET /v1/config` (what the SDK loads: the latest version's running surveys),
 * `PUT /v1/config` (publish), `GET /v1/config/versions[/N]` (the history), `POST
 * /v1/config/rollback` (publish an earlier version again) and `GET /v1/config/schema`.
 * Publishing needs the admin token and, from a browser, an origin that may read (the
 * collector's own pages or origins listed by name): a config decides what every visitor sees.
 */
export function configApi(o: ConfigApiOptions) {
  const now = o.now ?? Date.now
  const schema = readFileSync(createRequire(import.meta.url).resolve('@touchpoint/core/touchpoint.schema.json'))

  /** For the writes on a path that any allowed origin may GET. */
  const requireWriter = (req: IncomingMessage) => {
    const refused = originProblem(req.headers.origin, req.headers.host, o.allowedOrigins, 'read')
    if (refused) throw new HttpError(403, refused.replace('may not read from', 'may not publish to'))
    o.requireAdmin(req)
  }

  /** The JSON body of a write; `undefined` after answering 400 when it is not JSON. */
  const readJson = async (req: IncomingMessage, res: ServerResponse): Promise<{ value: unknown } | undefined> => {
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (type !== 'application/json') throw new HttpError(415, `send the body as application/json (got ${quote(type || 'no Content-Type')})`)
    try {
      return { value: parseJson(await o.readText(req)) }
    } catch (e) {
      // A body the limits refuse before it is parsed (413, 503…) keeps its own answer; a 400
      // (nested too deep, not JSON, a NUL) is a problem with the config, and answered as one.
      if (!(e instanceof HttpError) || e.status !== 400) throw e
      send(res, 400, { error: e.message, problems: [{ path: e instanceof BodyError ? e.field : '', message: e.message }] })
    }
  }

  /** Answers 400 with every problem and returns false, or returns true for a valid config. */
  const valid = (res: ServerResponse, config: unknown, what: string): config is SurveyConfig => {
    const problems: ConfigProblem[] = configProblems(config)
    if (!problems.length) return true
    const n = problems.length
    send(res, 400, { error: `${what} has ${n} problem${n === 1 ? '' : 's'}: nothing was published`, problems })
    return false
  }

  /** Publishes `config` under `ifMatch` (read by the handler before the body, see `ifMatchOf`). */
  const publish = async (
    res: ServerResponse,
    req: IncomingMessage,
    config: SurveyConfig,
    ifMatch: number[] | '*' | undefined,
    extra: { note?: string; rollbackOf?: number },
  ) => {
    // `If-None-Match: *`: made on nothing published, as a studio that found no version says.
    const ifNone = req.headers['if-none-match']?.trim() === '*'
    try {
      const { version } = await o.store.publish(config, { by: ADMIN, ...extra, ifMatch, ifNone })
      send(res, 200, { version }, { ETag: versionTag(version) })
    } catch (e) {
      if (!(e instanceof VersionConflict)) throw e
      conflict(res, e.latest, ifMatch)
    }
  }

  // A query string on the public GETs is ignored: a site may add one to bust a cache.
  const getConfig: Handler = async (req, res) => {
    const served = await o.store.served(now())
    if (!served) throw new HttpError(404, 'no survey config is published here: publish one from the dashboard (Surveys), PUT /v1/config, or start with --config FILE')
    // no-cache: browsers may keep it, but ask each time whether it changed. The checked header
    // spares the SDK its own check of the config on a visitor's first page.
    const headers = {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-cache',
      ETag: served.etag,
      ...(served.checked ? { [CHECKED_HEADER]: VERSION } : {}),
    }
    if (noneMatch(req.headers['if-none-match'], served.etag)) return void res.writeHead(304, headers).end()
    res.writeHead(200, headers).end(served.body)
  }

  const putConfig: Handler = async (req, res, url) => {
    requireWriter(req)
    const p = readParams(url, ['note'])
    const ifMatch = ifMatchOf(req)
    const body = await readJson(req, res)
    if (body && valid(res, body.value, 'the config')) await publish(res, req, body.value, ifMatch, { note: note(p.get('note')) })
  }

  const getVersions: Handler = async (req, res, url) => {
    o.requireAdmin(req)
    const p = readParams(url, ['limit', 'before'])
    const limit = whole(p, 'limit', 1, MAX_VERSIONS_LIMIT, 20)!
    const before = whole(p, 'before', 1, MAX_VERSION)
    const versions = await o.store.list({ limit, before })
    send(res, 200, { versions, next: versions.length === limit ? versions.at(-1)!.version : null })
  }

  const getVersion: Handler = async (req, res, url) => {
    o.requireAdmin(req)
    readParams(url, [])
    const which = url.pathname.slice('/v1/config/versions/'.length)
    const n = which === 'latest' ? 'latest' : /^[1-9]\d{0,8}$/.test(which) ? Number(which) : undefined
    if (n === undefined) throw new HttpError(404, `no version ${quote(which)}: versions are numbered 1, 2, 3…, or say "latest"`)
    const version = await o.store.read(n)
    if (!version) throw new HttpError(404, n === 'latest' ? 'no config is published yet' : `no version ${n} is published`)
    const tag = versionTag(version.version)
    if (noneMatch(req.headers['if-none-match'], tag)) return void res.writeHead(304, { ETag: tag, 'Cache-Control': 'no-cache' }).end()
    send(res, 200, version, { ETag: tag })
  }

  const postRollback: Handler = async (req, res, url) => {
    requireWriter(req)
    readParams(url, [])
    const ifMatch = ifMatchOf(req)
    const body = await readJson(req, res)
    if (!body) return
    const b = body.value as { version?: unknown; note?: unknown } | null
    const unknown = b && typeof b === 'object' ? Object.keys(b).filter((k) => k !== 'version' && k !== 'note') : []
    if (!b || typeof b !== 'object' || Array.isArray(b) || typeof b.version !== 'number' || unknown.length) {
      throw new HttpError(400, `send { "version": N, "note"?: "why" }, N a published version${unknown.length ? ` (unknown field ${quote(unknown[0]!)})` : ''}`)
    }
    if (!Number.isInteger(b.version) || b.version < 1 || b.version > MAX_VERSION) {
      throw new HttpError(400, `version must be a whole number from 1 to ${MAX_VERSION} (got ${shownValue(b.version)})`)
    }
    const version = await o.store.read(b.version as number)
    if (!version) throw new HttpError(404, `no version ${b.version} is published`)
    // Published once means valid then; the rules may have grown stricter since.
    if (valid(res, version.config, `version ${version.version}`)) {
      await publish(res, req, version.config, ifMatch, { note: note(b.note) ?? `Rolled back to version ${version.version}`, rollbackOf: version.version })
    }
  }

  const getSchema: Handler = (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/schema+json; charset=utf-8', 'Cache-Control': 'no-cache' })
    res.end(schema)
  }

  return { getConfig, putConfig, getVersions, getVersion, postRollback, getSchema }
}
