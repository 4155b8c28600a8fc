import { launch, serve, page, stubCollector } from '/work/main/packages/browser/bench/harness.mjs'
const BODY = `<main>${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>'.repeat(30)}</main>`
const OBS = `<script>window.lt=[];new PerformanceObserver((l)=>l.getEntries().forEach(e=>lt.push([Math.round(e.startTime),Math.round(e.duration)]))).observe({type:'longtask',buffered:true});touchpoint('on','ready',()=>window.r=performance.now())</script>`
const col = await stubCollector()
const site = await serve({ '/c': page({ collector: col.url, surveys: [{ id: 's', type: 'nps', triggers: [{ on: 'event', event: 'go' }] }] }, OBS + BODY) })
const b = await launch()
for (let i = 0; i < 8; i++) { const c = await b.newContext(); for (let j = 0; j < 2; j++) { const p = await c.newPage(); await p.goto(site.url + '/c'); await p.waitForFunction(() => window.r); await p.waitForTimeout(200); console.log(i, j, await p.evaluate(() => [Math.round(window.r), lt])); await p.close() } await c.close() }
await b.close(); await site.close(); await col.close()
