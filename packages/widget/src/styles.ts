// The prompt's whole stylesheet. It lives in the shadow root, so nothing here reaches the host
// page; `:host` and `.tp` reset what the host could push in (inherited properties, or any
// `!important` rule on our host element: inside a shadow tree, important declarations of the
// inner context win over the page's).
// Themes are custom properties: `--tp-brand`, `--tp-text`, `--tp-background`, `--tp-radius` and
// `--tp-font` come from `appearance` (or the page's own CSS); the rest are private.

const dark =
  '--bg:var(--tp-background,#1d2027);--fg:var(--tp-text,#eef0f4);--mu:#aab1bd;--bd:#4a5160;--hv:#2a2e37;--br:var(--tp-brand,#9c98ff);--on:var(--tp-brand-text,#14151c);--sh:0 12px 40px #0009'

export const css = `
:host{all:initial!important;display:contents!important}
.tp{all:initial;--bg:var(--tp-background,#fff);--fg:var(--tp-text,#1b1e24);--mu:#596170;--bd:#c9ced8;--hv:#f1f2f6;--br:var(--tp-brand,#4f46e5);--on:var(--tp-brand-text,#fff);--sh:0 12px 40px #0f172a2e,0 2px 6px #0f172a14;--r:var(--tp-radius,14px);display:contents}
.tp[dir=rtl]{direction:rtl}
.tp.dark{${dark}}
@media (prefers-color-scheme:dark){.tp.auto{${dark}}}
.tp *,.tp *::before,.tp *::after{box-sizing:border-box;margin:0;padding:0;font:inherit;color:inherit;letter-spacing:inherit;text-transform:none}
.card{position:fixed;z-index:var(--z);inset:auto;inset-block-end:16px;inset-inline-end:16px;width:min(440px,calc(100vw - 16px));max-height:calc(100vh - 16px);overflow:auto;padding:20px 20px 18px;background:var(--bg);color:var(--fg);border-radius:var(--r);box-shadow:var(--sh);font:15px/1.45 var(--tp-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);text-align:start;direction:inherit;animation:tp-in .22s cubic-bezier(.2,.8,.3,1)}
.tp.dark .card,.tp.auto .card{outline:1px solid var(--bd)}
.bottom-left .card{inset-inline:16px auto}
.top .card{inset:16px auto auto 50%;translate:-50% 0}
.center .card{inset:50% auto auto 50%;translate:-50% -50%;width:min(480px,calc(100vw - 16px))}
.inline .card{position:relative;inset:auto;width:100%;max-height:none;z-index:auto;box-shadow:none;outline:1px solid var(--bd);animation:none}
.backdrop{position:fixed;inset:0;z-index:var(--z);background:#0f172a80;animation:tp-fade .2s}
.q{font-size:16px;font-weight:600;line-height:1.35;margin-inline-end:36px}
.x{all:unset;position:absolute;top:10px;inset-inline-end:10px;display:grid;place-items:center;width:32px;height:32px;border-radius:8px;color:var(--mu);cursor:pointer}
.x:hover{background:var(--hv);color:var(--fg)}
.x svg{width:16px;height:16px}
.scale{display:grid;grid-template-columns:repeat(var(--n),minmax(0,1fr));gap:4px;margin-top:14px;border:0}
.o{position:relative;display:block;cursor:pointer}
.o input{position:absolute;inset:0;opacity:0;width:100%;height:100%;margin:0;cursor:pointer}
.o span{display:grid;place-items:center;min-height:40px;min-width:24px;border:1px solid var(--bd);border-radius:calc(var(--r)*.55);background:var(--bg);font-weight:600;font-variant-numeric:tabular-nums;transition:background .12s,border-color .12s,transform .12s}
.o:hover span{background:var(--hv);border-color:var(--mu)}
.o input:checked+span{background:var(--br);border-color:var(--br);color:var(--on)}
.o input:focus-visible+span{outline:2px solid var(--br);outline-offset:2px}
.o svg{width:28px;height:28px}
.stars .o span,.emoji .o span{border-color:transparent;background:none;color:var(--mu)}
.stars .o:hover span,.emoji .o:hover span{background:var(--hv)}
.stars .o input:checked+span,.stars .o.lit span{background:none;color:#b7791f}
.tp.dark .stars .o.lit span{color:#f6c453}
.emoji .o input:checked+span{background:var(--br);color:var(--on)}
.ends{display:flex;justify-content:space-between;gap:12px;margin-top:6px;font-size:12.5px;color:var(--mu)}
.fu{display:grid;gap:6px;margin-top:16px}
.fu label{font-weight:600;font-size:14px}
textarea{display:block;width:100%;min-height:76px;resize:vertical;padding:8px 10px;border:1px solid var(--bd);border-radius:calc(var(--r)*.55);background:var(--bg);color:var(--fg);font-size:14px;line-height:1.4}
textarea:focus-visible{outline:2px solid var(--br);outline-offset:1px;border-color:var(--br)}
.row{display:flex;justify-content:flex-end;margin-top:14px}
.send{all:unset;box-sizing:border-box;min-height:36px;padding:8px 18px;border-radius:calc(var(--r)*.55);background:var(--br);color:var(--on);font-weight:600;font-size:14px;cursor:pointer}
.send:disabled{opacity:.45;cursor:default}
.send:focus-visible,.x:focus-visible{outline:2px solid var(--br);outline-offset:2px}
.thanks{display:flex;align-items:center;gap:10px;font-weight:600;font-size:16px;margin-inline-end:36px}
.thanks svg{flex:none;width:24px;height:24px;color:var(--br)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (max-width:480px){.card,.center .card{inset:auto 8px 8px 8px;width:auto;translate:none;padding:16px}.top .card{inset:8px 8px auto 8px}.inline .card{inset:auto}.n11{grid-template-columns:repeat(6,minmax(0,1fr))}}
@keyframes tp-in{from{opacity:0;transform:translateY(8px)}}
@keyframes tp-fade{from{opacity:0}}
@media (prefers-reduced-motion:reduce){.card,.backdrop{animation:none}.o span{transition:none}}
`
