import type { Strings } from '../strings.js'

// One Portuguese for Brazil and Portugal: phrasing without "você" or "tu" where possible, and
// words both read naturally ("Questionário", not "Pesquisa" or "Inquérito").
export default {
  lang: 'pt',
  nps: {
    question: 'Qual é a probabilidade de nos recomendar a um amigo ou colega?',
    labels: ['Nada provável', 'Extremamente provável'],
  },
  csat: {
    question: 'Como avalia a sua experiência?',
    labels: ['Muito insatisfatória', 'Insatisfatória', 'Razoável', 'Satisfatória', 'Muito satisfatória'],
  },
  ces: {
    question: 'Foi fácil obter o que precisava.',
    labels7: [
      'Discordo totalmente', 'Discordo', 'Discordo parcialmente', 'Não concordo nem discordo',
      'Concordo parcialmente', 'Concordo', 'Concordo totalmente',
    ],
    labels5: ['Discordo totalmente', 'Discordo', 'Não concordo nem discordo', 'Concordo', 'Concordo totalmente'],
  },
  followUp: {
    detractor: 'O que faltou e o que podemos melhorar?',
    passive: 'O que nos falta para merecer um 10?',
    promoter: 'O que mais lhe agrada?',
    low: 'O que poderíamos ter feito melhor?',
    high: 'O que funcionou bem?',
  },
  send: 'Enviar',
  close: 'Fechar',
  thanks: 'Obrigado pelo seu feedback!',
  survey: 'Questionário',
} satisfies Strings
