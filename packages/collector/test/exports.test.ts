import { expect, it } from 'vitest'
import * as collector from '@touchpoint/collector'

it('exports exactly its public surface', () => {
  expect(Object.keys(collector).sort()).toEqual([
    'CSV_COLUMNS', 'FILTER_KEYS', 'GROUPS', 'LIMITS', 'MAX_DEPTH', 'MAX_RESPONSES', 'MIGRATIONS', 'StartupError', 'comments', 'copyAnswers',
    'createHandler', 'envelopeProblem', 'exportCsv', 'filterProblem', 'groupByProblem', 'ingest', 'isValidResponse',
    'migrate', 'openPglite', 'openPostgres', 'rateLimiter', 'responseProblem', 'startCollector', 'stats', 'summarize',
  ])
})
