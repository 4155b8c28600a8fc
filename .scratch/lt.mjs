import { launch, serve } from '/work/main/packages/browser/bench/harness.mjs'
const BODY = `<main>${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>'.repeat(30)}</main>`
const OBS = `<script>window.lt=[];new PerformanceObserver((l)=>l.getEntries().forEach(e=>lt.push([Math.round(e.startTime),Math.round(e.duration)]))).observe({type:'longtask',buffered:true})</script>`
const site = await serve({ '/c': `<!doctype html><html><head></head><body>${OBS}${BODY}</body></html>` })
const b = await launch()
for (let i = 0; i < 5; i++) { const c = await b.newContext(); const p = await c.newPage(); await p.goto(site.url + '/c'); await p.waitForTimeout(300); console.log(await p.evaluate(() => lt)); await c.close() }
await b.close(); await site.close()
