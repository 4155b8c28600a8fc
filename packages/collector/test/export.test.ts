import { describe, expect, it } from 'vitest'
import { CSV_COLUMNS, exportCsv } from '@touchpoint/collector'
import { envelope, response } from './fixtures.js'
import { post, seed } from './harness/http.js'
import { STORES, useCollector } from './harness/stores.js'

/** RFC 4180, strictly: what a spreadsheet or a CSV library reads back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let i = 0
  while (i < text.length) {
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (text[i] === '"' && text[i + 1] === '"') field += '"', i++
        else if (text[i] === '"') break
        else if (i >= text.length) throw new Error('unterminated quote')
        else field += text[i]
      }
      i++
    } else if (text[i] === ',') row.push(field), (field = ''), i++
    else if (text.startsWith('\r\n', i)) row.push(field), rows.push(row), (row = []), (field = ''), (i += 2)
    else if (text[i] === '\n' || text[i] === '\r') throw new Error(`bare line break at ${i}`)
    else field += text[i++]
  }
  if (field || row.length) throw new Error('the last record does not end with CRLF')
  return rows
}

const records = (csv: string) => {
  const [header, ...rows] = parseCsv(csv)
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])))
}

describe.each(STORES)('GET /v1/export on %s', (store) => {
  const t = useCollector(store)

  it("names the file after the collector's day (UTC), by its own clock", async () => {
    const late = await t.start({ now: () => Date.parse('2026-02-03T23:30:00-05:00') })
    const res = await fetch(`${late.url}/v1/export`)
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="touchpoint-responses-2026-02-04.csv"')
    await res.body?.cancel()
  })

  it('downloads every answer as CSV, oldest first, with a header', async () => {
    const a = response({
      answeredAt: '2026-11-20T10:00:00.000Z',
      comment: 'Great, but "pricey"\nand slow',
      visitor: { anonymousId: 'anon-1', userId: 'u-1', attributes: { plan: 'pro' } },
      page: { url: 'https://shop.test/checkout', path: '/checkout', referrer: 'https://shop.test/cart' },
    })
    const b = response({ answeredAt: '2026-11-19T10:00:00.000Z', type: 'ces', scale: { min: 1, max: 5 }, score: 4, stage: undefined })
    // received_at is the database's clock: read it before and after, rather than this process's.
    const clock = async () => Date.parse((await t.db.query<{ at: string }>(`SELECT to_json(clock_timestamp())#>>'{}' AS at`))[0]!.at)
    const before = await clock()
    await seed(t.url, [a, b])
    const after = await clock()
    const res = await fetch(`${t.url}/v1/export`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="touchpoint-responses-\d{4}-\d{2}-\d{2}\.csv"$/)
    const text = await res.text()
    expect(parseCsv(text)[0]).toEqual([...CSV_COLUMNS])
    const [first, second] = records(text)
    expect(first).toMatchObject({ id: b.id, type: 'ces', scaleMin: '1', scaleMax: '5', score: '4', bucket: 'high', stage: '', comment: '' })
    expect(second).toEqual({
      id: a.id, surveyId: 'nps-survey', type: 'nps', scaleMin: '0', scaleMax: '10', score: '9', bucket: 'promoter',
      comment: 'Great, but "pricey"\nand slow', touchpoint: 'checkout', stage: 'purchase', answeredAt: '2026-11-20T10:00:00.000Z',
      receivedAt: second!.receivedAt, locale: 'en-US', trigger: 'event:checkout_completed', pageUrl: 'https://shop.test/checkout',
      pagePath: '/checkout', referrer: 'https://shop.test/cart', anonymousId: 'anon-1', userId: 'u-1', attributes: '{"plan": "pro"}',
      device: 'desktop',
    })
    expect(Date.parse(second!.receivedAt!)).toBeGreaterThanOrEqual(before)
    expect(Date.parse(second!.receivedAt!)).toBeLessThanOrEqual(after)
  })

  it('keeps spreadsheet formulas in comments from running', async () => {
    const formulas = ['=HYPERLINK("https://evil.test","click")', '+1+1', '-2+3', '@SUM(1)', '\t=1', '\r=1']
    await seed(t.url, formulas.map((comment, i) => response({ comment, answeredAt: `2026-11-20T10:00:0${i}.000Z` })))
    const rows = records(await (await fetch(`${t.url}/v1/export`)).text())
    expect(rows.map((r) => r.comment)).toEqual(formulas.map((f) => `'${f}`))
  })

  it('filters like the stats do', async () => {
    await seed(t.url, [
      response({ touchpoint: 'checkout', answeredAt: '2026-11-20T10:00:00.000Z' }),
      response({ touchpoint: 'search', answeredAt: '2026-11-20T10:00:00.000Z' }),
      response({ touchpoint: 'checkout', answeredAt: '2026-10-20T10:00:00.000Z' }),
    ])
    const rows = records(await (await fetch(`${t.url}/v1/export?touchpoint=checkout&from=2026-11-01`)).text())
    expect(rows.map((r) => [r.touchpoint, r.answeredAt])).toEqual([['checkout', '2026-11-20T10:00:00.000Z']])
  })

  it('answers HEAD with the headers only', async () => {
    await seed(t.url, [response()])
    const res = await fetch(`${t.url}/v1/export`, { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; /)
    expect(await res.text()).toBe('')
  })

  it('is only a header when nothing matches', async () => {
    expect(await (await fetch(`${t.url}/v1/export`)).text()).toBe(`${CSV_COLUMNS.join(',')}\r\n`)
  })

  it('reads page after page without skipping or repeating answers that share a timestamp', async () => {
    const all = Array.from({ length: 11 }, (_, i) => response({ answeredAt: `2026-11-2${i % 3}T10:00:00.000Z` }))
    await seed(t.url, all)
    const chunks: string[] = []
    for await (const chunk of exportCsv(t.db, {}, 4)) chunks.push(chunk)
    expect(chunks).toHaveLength(1 + 3) // the header, then pages of 4, 4 and 3
    const ids = records(chunks.join('')).map((r) => r.id)
    expect(new Set(ids).size).toBe(11)
    expect(ids.sort()).toEqual(all.map((r) => r.id).sort())
  })

  it('refuses a bad filter with 400 before sending any CSV', async () => {
    const res = await fetch(`${t.url}/v1/export?from=last-week`)
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
  })
})

describe.each(STORES)('context in GET /v1/export on %s', (store) => {
  const t = useCollector(store)

  it('adds a column per context key the exported answers have, by name', async () => {
    const pro = response({ answeredAt: '2026-11-20T10:00:00.000Z', context: { plan: 'pro', seats: 5 } } as never)
    const free = response({ answeredAt: '2026-11-20T11:00:00.000Z', context: { plan: 'free', trial: true } } as never)
    const none = response({ answeredAt: '2026-11-20T12:00:00.000Z' })
    await post(t.url, envelope([pro, free, none]))
    const csv = await (await fetch(`${t.url}/v1/export`)).text()
    expect(parseCsv(csv)[0]).toEqual([...CSV_COLUMNS, 'context.plan', 'context.seats', 'context.trial'])
    expect(records(csv).map((r) => [r['context.plan'], r['context.seats'], r['context.trial']])).toEqual([
      ['pro', '5', ''],
      ['free', '', 'true'],
      ['', '', ''],
    ])
    // A filter narrows the columns with the answers.
    expect(parseCsv(await (await fetch(`${t.url}/v1/export?context.plan=pro`)).text())[0]!.slice(-2)).toEqual(['context.plan', 'context.seats'])
  })

  it("leaves a key's column empty for answers without it, whatever its name, and writes numbers as numbers", async () => {
    // Keys any sender may use, named as what every JavaScript object inherits.
    const odd = response({ answeredAt: '2026-11-20T10:00:00.000Z', context: JSON.parse('{"__proto__":"p","constructor":"c","toString":"t"}') } as never)
    const plain = response({ answeredAt: '2026-11-20T11:00:00.000Z', context: { balance: -3, ratio: -1e308, big: 1e21 } } as never)
    await post(t.url, envelope([odd, plain]))
    const rows = records(await (await fetch(`${t.url}/v1/export`)).text())
    const columns = ['__proto__', 'balance', 'big', 'constructor', 'ratio', 'toString'].map((k) => `context.${k}`)
    expect(rows.map((r) => columns.map((c) => r[c]))).toEqual([
      ['p', '', '', 'c', '', 't'],
      // As JSON writes them, with no formula guard: a minus sign starts a number here, not a formula.
      ['', '-3', '1e+21', '', '-1e+308', ''],
    ])
  })

  it('gives the first 100 keys by name a column each, and the keys after them one JSON column', async () => {
    // Any sender can make up keys: 6 answers of 20 keys each, k000 to k119.
    const key = (i: number) => `k${String(i).padStart(3, '0')}`
    const answers = Array.from({ length: 6 }, (_, a) =>
      response({
        answeredAt: `2026-11-20T1${a}:00:00.000Z`,
        context: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [key(a * 20 + i), a * 20 + i])),
      } as never),
    )
    await post(t.url, envelope(answers))
    const csv = await (await fetch(`${t.url}/v1/export`)).text()
    const header = parseCsv(csv)[0]!
    expect(header).toEqual([...CSV_COLUMNS, ...Array.from({ length: 100 }, (_, i) => `context.${key(i)}`), 'context'])
    const rows = records(csv)
    expect(rows[0]!['context.k000']).toBe('0')
    expect(rows[0]!.context).toBe('')
    expect(rows[4]!['context.k099']).toBe('99')
    expect(JSON.parse(rows[5]!.context!)).toEqual(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [key(100 + i), 100 + i])))
  })
})
