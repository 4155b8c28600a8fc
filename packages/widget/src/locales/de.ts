import type { Strings } from '../strings.js'

// "Sie", and the wording of the usual German NPS and Likert scales ("Teils, teils" in the middle).
export default {
  lang: 'de',
  nps: {
    question: 'Wie wahrscheinlich ist es, dass Sie uns Freunden oder Kollegen empfehlen?',
    labels: ['Überhaupt nicht wahrscheinlich', 'Äußerst wahrscheinlich'],
  },
  csat: {
    question: 'Wie zufrieden sind Sie insgesamt?',
    labels: ['Sehr unzufrieden', 'Unzufrieden', 'Teils, teils', 'Zufrieden', 'Sehr zufrieden'],
  },
  ces: {
    question: 'Es war einfach, das zu bekommen, was ich brauchte.',
    labels7: [
      'Stimme überhaupt nicht zu', 'Stimme nicht zu', 'Stimme eher nicht zu', 'Teils, teils',
      'Stimme eher zu', 'Stimme zu', 'Stimme voll und ganz zu',
    ],
    labels5: ['Stimme überhaupt nicht zu', 'Stimme nicht zu', 'Teils, teils', 'Stimme zu', 'Stimme voll und ganz zu'],
  },
  followUp: {
    detractor: 'Was hat Sie enttäuscht, und was können wir besser machen?',
    passive: 'Was müssten wir tun, damit Sie uns eine 10 geben?',
    promoter: 'Was gefällt Ihnen am besten?',
    low: 'Was hätten wir besser machen können?',
    high: 'Was hat Ihnen gefallen?',
  },
  send: 'Senden',
  close: 'Schließen',
  thanks: 'Vielen Dank für Ihr Feedback!',
  survey: 'Umfrage',
} satisfies Strings
