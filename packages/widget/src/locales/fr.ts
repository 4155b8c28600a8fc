import type { Strings } from '../strings.js'

// "Vous", and a no-break space (U+00A0) before "?" and "!" as French typography wants, so
// that the mark never wraps onto a line of its own.
export default {
  lang: 'fr',
  nps: {
    question: 'Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue\u00a0?',
    labels: ['Pas du tout probable', 'Extrêmement probable'],
  },
  csat: {
    question: 'Dans l’ensemble, comment évaluez-vous votre expérience\u00a0?',
    labels: ['Très insatisfaisante', 'Insatisfaisante', 'Moyenne', 'Satisfaisante', 'Très satisfaisante'],
  },
  ces: {
    question: 'Il a été facile d’obtenir ce dont j’avais besoin.',
    labels7: [
      'Pas du tout d’accord', 'Pas d’accord', 'Plutôt pas d’accord', 'Ni d’accord ni pas d’accord',
      'Plutôt d’accord', 'D’accord', 'Tout à fait d’accord',
    ],
    labels5: ['Pas du tout d’accord', 'Pas d’accord', 'Ni d’accord ni pas d’accord', 'D’accord', 'Tout à fait d’accord'],
  },
  followUp: {
    detractor: 'Qu’est-ce qui n’a pas été à la hauteur, et que pourrions-nous améliorer\u00a0?',
    passive: 'Que nous manque-t-il pour mériter un 10\u00a0?',
    promoter: 'Qu’appréciez-vous le plus\u00a0?',
    low: 'Qu’aurions-nous pu mieux faire\u00a0?',
    high: 'Qu’est-ce qui vous a plu\u00a0?',
  },
  send: 'Envoyer',
  close: 'Fermer',
  thanks: 'Merci pour votre avis\u00a0!',
  survey: 'Sondage',
} satisfies Strings
