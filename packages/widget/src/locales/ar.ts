import type { Strings } from '../strings.js'

// Modern Standard Arabic, laid out right to left. Agreement labels are first-person verbs
// (أوافق / لا أوافق), which read the same for every visitor. Scores stay in Western digits,
// as they are recorded and as most Arabic-language web forms show them.
export default {
  lang: 'ar',
  rtl: true,
  nps: {
    question: 'ما مدى احتمال أن توصي بنا لصديق أو زميل؟',
    labels: ['غير محتمل على الإطلاق', 'محتمل جدًا'],
  },
  csat: {
    question: 'ما مدى رضاك عن تجربتك؟',
    labels: ['غير راضٍ على الإطلاق', 'غير راضٍ', 'محايد', 'راضٍ', 'راضٍ جدًا'],
  },
  ces: {
    question: 'كان من السهل الحصول على ما كنت أحتاج إليه.',
    labels7: ['لا أوافق بشدة', 'لا أوافق', 'لا أوافق إلى حد ما', 'محايد', 'أوافق إلى حد ما', 'أوافق', 'أوافق بشدة'],
    labels5: ['لا أوافق بشدة', 'لا أوافق', 'محايد', 'أوافق', 'أوافق بشدة'],
  },
  followUp: {
    detractor: 'ما الذي خيّب ظنك، وما الذي يمكننا تحسينه؟',
    passive: 'ما الذي ينقصنا لنستحق 10؟',
    promoter: 'ما أكثر ما يعجبك لدينا؟',
    low: 'ما الذي كان بإمكاننا فعله بشكل أفضل؟',
    high: 'ما الذي أعجبك؟',
  },
  send: 'إرسال',
  close: 'إغلاق',
  thanks: 'شكرًا لك على ملاحظاتك!',
  survey: 'استطلاع',
} satisfies Strings
