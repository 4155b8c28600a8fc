import type { Strings } from '../strings.js'

// Informal "je", as most Dutch web products write today.
export default {
  lang: 'nl',
  nps: {
    question: 'Hoe waarschijnlijk is het dat je ons zou aanbevelen aan een vriend of collega?',
    labels: ['Zeer onwaarschijnlijk', 'Zeer waarschijnlijk'],
  },
  csat: {
    question: 'Hoe tevreden ben je over je ervaring?',
    labels: ['Zeer ontevreden', 'Ontevreden', 'Neutraal', 'Tevreden', 'Zeer tevreden'],
  },
  ces: {
    question: 'Het was makkelijk om te krijgen wat ik nodig had.',
    labels7: [
      'Helemaal mee oneens', 'Mee oneens', 'Enigszins mee oneens', 'Neutraal',
      'Enigszins mee eens', 'Mee eens', 'Helemaal mee eens',
    ],
    labels5: ['Helemaal mee oneens', 'Mee oneens', 'Neutraal', 'Mee eens', 'Helemaal mee eens'],
  },
  followUp: {
    detractor: 'Wat viel tegen, en wat kunnen we beter doen?',
    passive: 'Wat is er nodig voor een 10?',
    promoter: 'Wat spreekt je het meest aan?',
    low: 'Wat hadden we beter kunnen doen?',
    high: 'Wat ging er goed?',
  },
  send: 'Versturen',
  close: 'Sluiten',
  thanks: 'Bedankt voor je feedback!',
  survey: 'Enquête',
} satisfies Strings
