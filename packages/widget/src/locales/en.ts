import type { Strings } from '../strings.js'

/** English: built into the UI chunk as the fallback language. */
export const en: Strings = {
  lang: 'en',
  nps: {
    question: 'How likely are you to recommend us to a friend or colleague?',
    labels: ['Not at all likely', 'Extremely likely'],
  },
  csat: {
    question: 'How satisfied are you with your experience?',
    labels: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  },
  ces: {
    question: 'It was easy to get what I needed.',
    labels7: ['Strongly disagree', 'Disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Agree', 'Strongly agree'],
    labels5: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
  },
  followUp: {
    detractor: 'What disappointed you, and what could we do better?',
    passive: 'What would make it a 10 for you?',
    promoter: 'What do you like most?',
    low: 'What could we have done better?',
    high: 'What worked well for you?',
  },
  send: 'Send',
  close: 'Close',
  thanks: 'Thank you for your feedback!',
  survey: 'Survey',
}
