import type { Strings } from '../strings.js'

// Informal "tu", as Italian product copy usually is; CSAT wording rates the experience, which
// keeps it free of gendered adjectives ("soddisfatto/a").
export default {
  lang: 'it',
  nps: {
    question: 'Quanto è probabile che tu ci consigli a un amico o a un collega?',
    labels: ['Per niente probabile', 'Estremamente probabile'],
  },
  csat: {
    question: 'Quanto è stata soddisfacente la tua esperienza?',
    labels: ['Per niente soddisfacente', 'Poco soddisfacente', 'Nella media', 'Soddisfacente', 'Molto soddisfacente'],
  },
  ces: {
    question: 'È stato facile ottenere ciò che mi serviva.',
    labels7: [
      'Per niente d’accordo', 'In disaccordo', 'Parzialmente in disaccordo', 'Né d’accordo né in disaccordo',
      'Parzialmente d’accordo', 'D’accordo', 'Completamente d’accordo',
    ],
    labels5: ['Per niente d’accordo', 'In disaccordo', 'Né d’accordo né in disaccordo', 'D’accordo', 'Completamente d’accordo'],
  },
  followUp: {
    detractor: 'Che cosa ti ha deluso e che cosa potremmo fare meglio?',
    passive: 'Che cosa potremmo fare per meritarci un 10?',
    promoter: 'Che cosa ti piace di più?',
    low: 'Che cosa avremmo potuto fare meglio?',
    high: 'Che cosa ti è piaciuto?',
  },
  send: 'Invia',
  close: 'Chiudi',
  thanks: 'Grazie per il tuo feedback!',
  survey: 'Sondaggio',
} satisfies Strings
