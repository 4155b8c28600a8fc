import type { Strings } from '../strings.js'

// Polite form (です・ます) and the usual Japanese survey scales: NPS ends name the likelihood
// (可能性は「まったくない」…「非常に高い」), agreement runs from まったくそう思わない to とてもそう思う.
export default {
  lang: 'ja',
  nps: {
    question: '当社を友人や同僚にすすめる可能性はどのくらいありますか？',
    labels: ['まったくない', '非常に高い'],
  },
  csat: {
    question: '今回のご利用にどの程度満足されましたか？',
    labels: ['とても不満', '不満', 'どちらでもない', '満足', 'とても満足'],
  },
  ces: {
    question: '目的を簡単に達成できた。',
    labels7: ['まったくそう思わない', 'そう思わない', 'あまりそう思わない', 'どちらともいえない', 'ややそう思う', 'そう思う', 'とてもそう思う'],
    labels5: ['まったくそう思わない', 'そう思わない', 'どちらともいえない', 'そう思う', 'とてもそう思う'],
  },
  followUp: {
    detractor: 'ご不満な点と、改善すべき点を教えてください。',
    passive: '10点をつけていただくには、何が足りなかったでしょうか？',
    promoter: '特に気に入っている点を教えてください。',
    low: 'どのような点を改善すればよかったでしょうか？',
    high: '良かった点を教えてください。',
  },
  send: '送信',
  close: '閉じる',
  thanks: 'ご回答ありがとうございました。',
  survey: 'アンケート',
} satisfies Strings
