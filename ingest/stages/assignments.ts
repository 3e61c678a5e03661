/**
 * Uppdrag and återrapporter of an agenda item, read from Swedish protocol
 * language (pure):
 *
 * - commissions: "X får/fick/har fått (i) uppdrag(et) (av Y) att …", "ger X i
 *   uppdrag/uppgift att …", "uppdrar åt X att …", "X får ett utökat uppdrag",
 *   "… blir ett uppdrag för X", "X:s uppdrag är …", "ett tilläggsdirektiv gavs";
 * - instructions and mandates: "X uppmanades att …", "X befullmäktigas …",
 *   "utser en arbetsgrupp …", "en utredare är utsedd", "har tillsatt en arbetsgrupp som …";
 * - referrals: "Motionen överförs till X för (vidare) beredning";
 * - action points with a named holder: "Marina återkopplar vid nästa möte", "Hanna och Sanna tar
 *   vidare kontakt …", "Annelie återkommer om det", "Psykiatri tar fram …", "Ewa ska kartlägga …";
 *   in everyday verbs only with a person as holder ("Stefan fixar grillkväll", "Gunnar ansvarar för att …"),
 *   two in one sentence apart;
 * - decided tasks in a decision: "Att välfärd och folkhälsa ska ta fram …", "En ekonomisk beräkning
 *   behöver göras …", "… påbörjas arbetet med att ta fram …".
 * Proposals count only where a decision approves them without restating them
 * ("Enligt förslag."); questions, referrals of a question to another forum and
 * tasks for the general public do not. A sentence that only adds the deadline
 * or a second holder ("Utredningen ska vara klar senast den 30 juni", "Vid
 * förhinder utses …") joins the assignment before it.
 *
 * Report-backs: "återkoppling"/"återrapport"/"avrapportering"/"redovisning av
 * uppdraget", a commissioned study "nu genomförd", "resultat visar", a
 * delrapport presented, a status on an earlier action point (a person's, in the perfect tense, under a
 * follow-up item: "Sofia har skrivit en kallelse"). One recited in the
 * same item as its assignment is linked to it.
 */
import type { Assignment, Decision, ReportBack } from '../../domain/schemas.js';
import { sentences, takesNote } from './decisions.js';
import { pageAt, type SegmentedItem } from './segment.js';
import { distance, itemStructure, type Block } from './structure.js';
import { SWEDISH_MONTHS } from '../../domain/dates.js';
import { swedishDictionary } from '../../domain/swedish/dictionary.js';
import { compoundParts, stem } from '../../domain/swedish/stem.js';

export const VERSION = 'assignments@31';

/** The months' names as one alternation, for the due dates and report times below. */
const MONTH = SWEDISH_MONTHS.join('|');

export interface AssignmentContext {
  /** The body holding the meeting. */
  body: string | null;
  /** The meeting date (ISO), for due dates written without a year or relative to it. */
  meetingDate: string | null;
  /** The people the head names (attendees, chair, secretary, adjuster): an action point's holders. */
  people?: readonly string[];
}

/** "att" as broken fonts print it ("at", "aa"). */
const ATT = '(?:att|at|aa)';
const AT = new RegExp(String.raw`(?<![\p{L}\p{N}])${ATT}(?![\p{L}\p{N}])`, 'iu');

/** An action point's label before its holder: "Åtgärd: Lisa skickar ut inbjudan", "Uppdrag: Eva Holm tar fram …". */
const POINT_LABEL = String.raw`(?:(?:[ÅåAa]tgärd|[Aa]nsvarig|[Uu]ppdrag|[Aa]tt\s+göra|[Tt]odo|[Aa]ction)\s*:\s*)?`;

/** A named holder at the start of a sentence: "Marina", "Hanna och Sanna", "Carina Ventin", "Eva Holm och Lars Ek", "Gruppen". */
/** A person named in one or two capitalised words: "Marina", "Per Lind". */
const NAME = String.raw`\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?`;

const HOLDER = String.raw`(?<who>${NAME}\s+och\s+${NAME}|\p{Lu}[\p{L}'’:-]+(?:\s+[\p{L}'’&-]+){0,3}?)`;

const ACTION_VERBS =
  'återkommer|återkopplar|återrapporterar(?!\\s+(?:\\p{L}+\\s+)?(?:uppdraget|utredningen|arbetet|resultatet|uppföljningen))|rapporterar tillbaka|tar vidare kontakt|tar kontakt|kontaktar|tar upp(?!\\s+(?:att|om|frågan\\s+om|hur|vikten|behovet)\\b)|bjuder in|sammanställer|sammankallar|undersöker|tar fram|ser över|kartlägger|utreder|skickar ut|skickar|meddelar|bevakar|följer upp|förbereder|stämmer av|återkommer med|bidrar\\s+genom\\s+(?:att|at)|levererar';

/**
 * What a person does after the meeting, in the present tense of the minutes' action points, beyond ACTION_VERBS ("Stefan fixar
 * grillkväll", "Nicolas bokar bord", "Gunnar ansvarar för att undersöka …"). Read only with a person as the
 * holder: "Regionen ansvarar för …" states a standing duty, and a narrating verb ("Anna berättar om …") none.
 */
const PERSON_TASK_VERBS =
  'fixar|bokar|handlar(?!\\s+om)|skapar|kollar(?:\\s+upp)?|ansvarar\\s+för\\s+att|kallar(?:\\s+till)?|gör(?!\\s+(?:att|så|det|sig)\\b)|uppdaterar|säljer|köper|beställer|förser|jobbar\\s+vidare|arbetar\\s+vidare|skriver|ordnar|planerar|hör\\s+med|hör\\s+av\\s+sig|pratar\\s+med|mejlar|mailar|ringer|lägger\\s+upp|publicerar|tittar\\s+(?:på|vidare|över)|påminner|organiserar|samordnar|formulerar|tar\\s+hand\\s+om|håller\\s+i|sprider|lämnar\\s+in|sköter|reder\\s+ut|tar\\s+reda\\s+på|kontrollerar|granskar|tar\\s+ansvar\\s+för\\s+att';
/** After "ska"/"skall": any infinitive but the auxiliaries' ("ska vara", "ska ha", "ska få"). */
const PERSON_WILL =
  '(?:ska|skall|kommer\\s+att)\\s+(?!(?:vara|ha|bli|kunna|få|behöva|gälla|finnas|ingå)\\b)\\p{Ll}{2,}a(?![\\p{L}])';

interface Rule {
  re: RegExp;
  /** Where the holder is: in the named group `who`, or null when the text names none. */
  needsHolder?: boolean;
  /** The holder must be people (see `isPeople`). */
  needsPerson?: boolean;
  /** An action point: the task is what the holder does, from the verb (group `verb`) on: "kontaktar banken". */
  taskAtVerb?: boolean;
  /** An appointment ("utser en arbetsgrupp"): the appointed group's mandates in the next sentences join it. */
  appoints?: boolean;
  /** Right after another assignment, the sentence tells its report and time: it joins that one. */
  continues?: boolean;
  /**
   * The holder after the verb, a time first ("Till nästa möte tar ordföranden kontakt med kommunen"): the task is
   * the verb (group `verb`), its particle (group `particle`) and what follows the holder (group `rest`).
   */
  inverted?: boolean;
}

/**
 * An action point told with a time or a reason first and the holder after the verb, as Swedish puts the verb
 * second: "Till nästa möte tar ordföranden kontakt med kommunen", "Inför nästa möte sammanställer Anna
 * synpunkterna", "Då det endast finns en förening som berörs tar ordföranden kontakt med föreningen". The holder is a
 * name or a role in its definite form; "tar", "ser", "följer" … only with their particle ("tar … fram").
 */
const INVERTED_POINT = new RegExp(
  String.raw`^(?:(?:[Tt]ill|[Ii]nför|[Ff]öre|[Ss]enast|[Ee]fter|[Uu]nder|[Ii]nnan)\s+[^.,;]{2,50}?|(?:[Dd]å|[Ee]ftersom|[Nn]är)\s+[^.;]{2,120}?),?\s+(?:(?<verb>återkommer|återkopplar|återrapporterar|kontaktar|undersöker|sammanställer|sammankallar|utreder|kartlägger|förbereder|bokar|ordnar|skriver|planerar|mejlar|mailar|ringer|bjuder|skickar)|(?<phrasal>tar|ser|följer|stämmer|kollar|hör|tittar))\s+(?<who>${NAME}|(?:ordföranden|sekreteraren|kassören|förvaltningen|kansliet|styrelsen|arbetsgruppen|gruppen|samordnaren|\p{Ll}+chefen|\p{Ll}+direktören))\s+(?<particle>fram|kontakt|ut|in|över|upp|av|på|reda\s+på)?\s*(?<rest>[^.]*)`,
  'u',
);

const RULES: Rule[] = [
  // "X har fått i uppdrag av Y att …", "X fick uppdraget att …", "X får ett utökat uppdrag …".
  {
    re: /(?:^|(?<![\p{L}\p{N}])(?:har|hade|har nu)\s+)(?<who>.{2,140}?)\s+(?:har\s+|hade\s+)?(?:får|fick|fått|fåt|ges|gavs|erhåller|erhöll)\s+(?:nu\s+)?(?:ett\s+|det\s+)?(?:utökat\s+|nytt\s+)?(?:i\s+)?(?:uppdrag(?:et)?|uppgift(?:en)?)\b/iu,
  },
  // The verb before its subject after a fronted time or place: "Vid kommunfullmäktiges sammanträde den 26 oktober
  // fick socialnämnden i uppdrag att …"; and a time between the verb and the task: "Socialnämnden fick vid
  // sammanträdet den 12 maj i uppdrag att …", "Förvaltningen fick 2023-03-15 § 30 i uppdrag att …".
  {
    re: /(?<![\p{L}\p{N}])(?:fick|får|har\s+fått|hade\s+fått)\s+(?!(?:vid|på|under|efter|den|i|nu|även|också|ett|det|uppdrag)\b|[\d§(])(?<who>[^.,;]{2,80}?)\s+i\s+(?:uppdrag|uppgift)\b/iu,
  },
  {
    re: /^(?<who>\p{Lu}[^.,;]{1,80}?)\s+(?:fick|får|har\s+fått|hade\s+fått)\s+(?:(?:vid|på|under|efter|den|i\s+samband\s+med)\s+[^.;]{2,80}?|\(?[\d§][^.;]{1,60}?)\s+i\s+(?:uppdrag|uppgift)\b/iu,
  },
  // "ger/ge/gav X i uppdrag att", "ge välfärd och folkhälsa ett uppdrag att", "ge förvaltningsavdelningen i uppgift att".
  {
    re: /(?<![\p{L}\p{N}])(?:ger|ge|gav|gett|givit)\s+(?<who>.{2,80}?)\s+(?:ett\s+(?:utökat\s+|nytt\s+)?uppdrag|i\s+uppdrag|i\s+uppgi\p{L}*|uppdraget)\b/iu,
  },
  // "Styrelsen ger i uppdrag åt FK att …", "ge redaktionellt uppdrag till sekreteraren att …": the holder after the
  // task's words.
  {
    re: /(?<![\p{L}\p{N}])(?:ger|ge|gav|gett|givit)\s+(?:i\s+|(?:ett\s+)?(?:\p{L}+\s+)?)uppdrag(?:et)?\s+(?:åt|till)\s+(?<who>.{2,80}?)(?=\s+(?:att|at)\b)/iu,
  },
  // "Ansvaret för tioårsartikeln delegerades till AU", "delegera till ledningen att skriva beslutsunderlag"; not the
  // standing delegation of a right to decide ("har delegerat beslutanderätten till …").
  {
    re: /(?<![\p{L}\p{N}])(?<!(?:har|hade)\s+)delegera(?:s|r|des|t)?\s+(?![^.,;]{0,60}?(?:rätt|delegation))(?:[^.,;]{0,60}?\s)??till\s+(?<who>[^.,;]{2,60}?)(?=\s+(?:att|at)\b|\s*[.,;]|$)/iu,
  },
  // "uppdrar åt X att", "uppdrog åt X", "(beslutar) att uppdra åt X att", "har uppdragit åt X att".
  { re: /(?<![\p{L}\p{N}])uppdr(?:a|ar|og|ogs|agit)\s+(?:åt\s+|till\s+)?(?<who>.{2,80}?)\s+(?:att|at)\b/iu },
  // "Förvaltningen uppdras att …", "X uppdrogs att …": the holder before the passive.
  { re: /^(?:att\s+)?(?<who>\p{L}[^.,;]{1,80}?)\s+uppdr(?:as|ogs)\s+(?:att|at)\b/iu },
  // "… blir ett uppdrag för styrgruppen", "kommer att ta sig an uppdraget".
  { re: /(?<![\p{L}\p{N}])blir\s+ett\s+uppdrag\s+för\s+(?<who>[^.,;]{2,60})/iu },
  { re: /^(?<who>.{2,120}?)\s+(?:kommer\s+att\s+|ska\s+)?ta\s+sig\s+an\s+uppdraget\b/iu },
  // "Styrgruppens uppdrag är …".
  { re: /^(?<who>\p{Lu}[\p{L}-]*)s\s+uppdrag\s+är\b/u },
  // "ett tilläggsdirektiv gavs som innebär att …".
  { re: /(?<![\p{L}\p{N}])tilläggsdirektiv\b[^.]{0,40}(?<![\p{L}\p{N}])(?:gavs|ges|lämnades)\b/iu },
  // "Samtliga länsdelar uppmanades att …", "Kommunerna ombeds att inkomma med …", "X anmodas att …".
  { re: /^(?<who>.{2,80}?)\s+(?:uppmanades|uppmanas|ombeds|ombeddes|ombads|anmodas|anmodades)\s+(?:att|at)\b/iu },
  // A labelled task and its holder: "Uppdrag till processledaren: bjuda in socialtjänsten till nästa möte".
  { re: /^uppdrag\s+(?:till|åt)\s+(?<who>[^:.;]{2,80}?)\s*:\s*(?=\p{L})/iu },
  // "Rekryteringsgruppen befullmäktigas …".
  { re: /^(?<who>.{2,80}?)\s+befullmäktiga(?:s|des)\b/iu },
  // "Stadsstyrelsen befullmäktigar stadsdirektören att …", "ger kommundirektören fullmakt att …".
  { re: /(?<![\p{L}\p{N}])befullmäktiga(?:r|de)?\s+(?<who>[^.,;]{2,80}?)(?=\s+(?:att|at)\b)/iu },
  { re: /(?<![\p{L}\p{N}])(?:ger|ge|gav)\s+(?<who>[^.,;]{2,80}?)\s+fullmakt(?=\s+(?:att|at)\b)/iu },
  // "Utser en rekryteringsgrupp bestående av …", "En utredare är utsedd", "har tillsatt en arbetsgrupp som utreder".
  {
    appoints: true,
    re: /(?<![\p{L}\p{N}])(?:utser|utsåg|utses|tillsätter|tillsatte|har\s+(?:även\s+)?tillsat\p{L}*)\s+(?<who>(?:en|ett)\s+(?:\p{L}+\s+)?(?:arbetsgrupp|rekryteringsgrupp|projektgrupp|styrgrupp|referensgrupp|utredare|grupp|projektledare|sammankallande)\p{L}*(?:\s+(?:bestående\s+av|som)\s+[^.]{2,160})?)/iu,
  },
  { re: /^(?<who>en\s+(?:utredare|projektledare|samordnare))\s+är\s+utsedd/iu },
  // "Motionen överförs till X för (vidare) beredning", "remitteras till X".
  {
    re: /(?<![\p{L}\p{N}])(?:överför(?:s|des|de)?|överlämna(?:s|r|des|de)?|remitter(?:as|ades)|hänskjut(?:s|es))\s+(?:\p{L}+\s+)?(?:till\s+)?(?<who>[^.]{2,100}?)\s+för\s+(?:vidare\s+)?(?:beredning|utlåtande|yttrande|behandling)\b/iu,
  },
  // "Ärendet återremitteras till förvaltningen för komplettering": sent back to a named holder.
  {
    re: /(?<![\p{L}\p{N}])återremitter\p{L}*\s+till\s+(?<who>[^.]{2,100}?)\s+för\s+(?:vidare\s+|ytterligare\s+)?(?:komplettering|utredning|beredning|översyn)\b/iu,
  },
  // "I och med att ärendet återremitterats har X fått i uppdrag" is caught above; "Ärendet återremitteras till X för …".
  // Action points with a named holder.
  {
    re: new RegExp(
      String.raw`^(?:(?:\p{L}+\s+){0,3}[-–]\s+)?${POINT_LABEL}${HOLDER}\s+(?:avser\s+att\s+|ska\s+|kommer\s+att\s+)?(?<verb>${ACTION_VERBS})\b`,
      'u',
    ),
    needsHolder: true,
    taskAtVerb: true,
  },
  // A point raised, and coming back on it: "Per Lind tar upp frågan om öppettiderna och återkommer vid nästa möte"
  // (a status in the perfect, "Anna har kontaktat … och återkommer", is a report on the point, read below).
  {
    re: new RegExp(
      String.raw`^(?<who>${NAME}(?:\s+och\s+${NAME})?)\s+(?<verb>(?!har\b|hade\b)\p{Ll}{2,}[^.]{0,120}?\s+och\s+(?:återkommer|återkopplar|återrapporterar|rapporterar\s+tillbaka))(?![\p{L}])`,
      'u',
    ),
    needsHolder: true,
    taskAtVerb: true,
  },
  { re: INVERTED_POINT, needsHolder: true, inverted: true },
  // "Ewa ska kartlägga och eventuellt ta fram en rutin", "Johanna avser att återkomma".
  {
    re: new RegExp(
      String.raw`^${HOLDER}\s+(?:ska|skall|avser\s+att)\s+(?<verb>återkomma|återkoppla|återrapportera|redovisa|kartlägga|utreda|ta\s+fram|se\s+över|undersöka|kontakta|sammanställa|bjuda\s+in|presentera)\b`,
      'u',
    ),
    needsHolder: true,
    taskAtVerb: true,
  },
  // A person's action point in other words than the ones above: "Stefan fixar grillkväll", "Karl och Lars ska sälja …".
  {
    re: new RegExp(
      String.raw`^(?:[-–•*]\s+)?${POINT_LABEL}${HOLDER}\s+(?:även\s+|också\s+)?(?<verb>${PERSON_TASK_VERBS}|${ACTION_VERBS}|${PERSON_WILL})(?![\p{L}])`,
      'u',
    ),
    needsHolder: true,
    needsPerson: true,
    taskAtVerb: true,
  },
  // "… finns en prioriteringsgrupp tillsatt …": a group set up for a task.
  { re: /(?<![\p{L}\p{N}])(?<who>(?:en|ett)\s+\p{L}*(?:grupp|utredare|projektledare))\s+tillsatt\b/iu },
  // "Chefsgruppen ställde sig bakom att välfärd och folkhälsa kan arbeta vidare med …": a mandate by endorsement.
  { re: /(?<![\p{L}\p{N}])ställ(?:er|de)\s+sig\s+bakom\s+att\s+(?<who>.{2,60}?)\s+(?:kan|ska|får)\s+\p{L}+/iu },
  // "Vid föregående möte diskuterades uppdrag från KC/RD-gruppen om hur …".
  // Not a time: "återrapporterade uppdraget från maj om …" reports on it (read below).
  {
    re: new RegExp(
      String.raw`(?<![\p{L}\p{N}])uppdrag(?:et)?\s+från\s+(?!(?:${MONTH}|förra|föregående|senaste|tidigare|i|våren|hösten|\d)(?![\p{L}]))(?<giver>[^.,;]{2,40}?)\s+(?:om|att|at)\b`,
      'iu',
    ),
  },
  // A commissioned report with its time: "… då en redovisning ska ske", "en delrapport … tas fram i oktober".
  {
    continues: true,
    re: /(?<![\p{L}\p{N}])(?:redovisning|återrapportering|slutrapport|delrapport(?:\s+\d)?)\b[^.]{0,80}?(?<![\p{L}\p{N}])(?:ska\s+ske|ska\s+lämnas|tas\s+fram|ska\s+tas\s+fram|kommer\s+vid)\b/iu,
  },
  // The report's time told without a verb after the task: "Återrapport vid mötet i juni.", "Redovisning senast 30 maj."
  {
    continues: true,
    re: new RegExp(
      String.raw`^(?:återrapport\p{L}*|avrapportering|redovisning|rapport)\s+(?:sker\s+|ska\s+ske\s+|lämnas\s+)?(?:vid|till|senast|på|i|inför|under|före)\s+(?:\p{L}+\s+){0,3}?(?:\p{L}*möte\p{L}*|\p{L}*sammanträde\p{L}*|${MONTH}|våren|hösten|vintern|sommaren|\d)`,
      'iu',
    ),
  },
  { re: /(?<![\p{L}\p{N}])utredningsuppdrag\b[^.]{0,120}(?<![\p{L}\p{N}])(?:presenterades|gavs|lämnades)\b/iu },
  // "Frågan lyfts fram till nästa möte": an action point carried over.
  { re: /^(?:frågan|punkten|ärendet)\s+(?:lyfts|tas\s+upp|flyttas|bordläggs)\s+(?:fram\s+)?till\s+nästa\s+möte\b/iu },
  // "De har önskemål att komma till styrgruppens möte och presentera sitt arbete vid mötet den 18/4".
  {
    re: /(?<![\p{L}\p{N}])(?:har\s+önskemål\s+(?:om\s+)?att|önskar|vill)\s+(?:få\s+)?komma\s+till\b[^.]{0,80}(?<![\p{L}\p{N}])presentera\b/iu,
  },
  // "Det beslutades att Nicolas ska skapa en lista …", "Beslut att styrelsen kontaktar en revisor …": the task from
  // its verb ("sammankallar arbetsgruppen", not "arbetsgruppen").
  {
    re: /(?<![\p{L}\p{N}])(?:beslutades|beslöts|beslutade|beslöt|beslutar|beslut)\s+(?:det\s+)?att\s+(?<who>\p{Lu}[\p{L}'’-]+(?:\s+(?:och\s+)?\p{Lu}[\p{L}'’-]+)*|styrelsen|ordföranden|sekreteraren|kassören|förvaltningen|kansliet|gruppen|arbetsgruppen|styrgruppen)\s+(?:ska\s+|skall\s+)?(?<verb>(?!är\b|var\b|blir\b|har\b|kan\b)\p{Ll}{2,}(?:r|a))(?![\p{L}])/u,
    taskAtVerb: true,
  },
  // A decided task: "Att välfärd och folkhälsa ska ta fram ett uppdrag …".
  {
    re: /^att\s+(?<who>.{2,80}?)\s+(?:ska|skall)\s+(?!\p{L}+s\b)(?:ta\s+fram|genomföra|utreda|se\s+över|återkomma|redovisa|kartlägga|arbeta\s+fram)\b/iu,
  },
];

/** A task recited as received: "har fått i uppdrag", "har tillsammans med barn- och utbildningsförvaltningen, fått …". */
const HAS_RECEIVED = /(?<![\p{L}\p{N}])(?:har|hade)\s+(?:\S+\s+){0,6}(?:fått|fåt)\b/iu;

/** Decided tasks without a named holder, read only inside a decision. */
const DECIDED_TASK =
  /(?<![\p{L}\p{N}])(?:påbörjas\s+arbetet\s+med\s+att|behöver\s+göras|ska\s+göras|ska\s+tas\s+fram|tas\s+fram\s+till|ska\s+utredas|uppdras)\b/iu;

/** Where a second action point begins inside a sentence: "…, Nicolas bokar bord och Sofia skapar FB-event". */
const NEXT_ACTION = new RegExp(
  String.raw`(?:,\s+|\s+och\s+)(?=\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’-]+)?\s+(?:${PERSON_TASK_VERBS}|${ACTION_VERBS})(?![\p{L}]))`,
  'gu',
);

/** A sentence cut where another action point begins in it, each part with its offset. */
function actionClauses(s: { text: string; offset: number }): { text: string; offset: number }[] {
  const cuts = [...s.text.matchAll(NEXT_ACTION)].map((m) => ({ at: m.index, after: m.index + m[0].length }));
  if (cuts.length === 0) return [s];
  const parts: { text: string; offset: number }[] = [];
  let from = 0;
  for (const cut of cuts) {
    // "Uffe och Essan jobbar vidare": a part of names only is the next point's holders, not a point of its own.
    if (!/(?:^|\s)\p{Ll}/u.test(s.text.slice(from, cut.at))) continue;
    parts.push({ text: s.text.slice(from, cut.at), offset: s.offset + from });
    from = cut.after;
  }
  parts.push({ text: s.text.slice(from), offset: s.offset + from });
  return parts.filter((p) => p.text.trim());
}

/** A sentence that proposes: "Arbetsutskottet föreslår att …", "Förvaltningen föreslår nämnden att …". */
const PROPOSES = /(?<![\p{L}\p{N}])föreslå(?:r|s)\s+(?:\S+\s+){0,3}?(?:att|at)\b/iu;

/** Holders that are nobody the meeting can instruct, and subjects that are not holders. */
const NOT_HOLDER =
  /^(?:allmänheten|invånarna|medborgarna|alla|man|det|detta|den|de|vi|jag|ni|frågan|ärendet|beslutet|förslaget|protokollet|mötet|nästa|här|där|också|även|dessutom|sedan|därefter|samt|och|men|om|när|som|i|på|till|för|enligt|inför|under|efter|vid)$/i;

const NOT_ASSIGNMENT =
  /\?\s*$|(?<![\p{L}\p{N}])frågan\s+ska\s+vidare\b|(?<![\p{L}\p{N}])(?:inte|ej)\s+(?:fått|får|fick|ger|gav)\b|(?<![\p{L}\p{N}])om\s+(?:\p{L}+\s+)?(?:ska\s+)?få\s+i\s+uppdrag\b|(?<![\p{L}\p{N}])skulle\s+kunna\b/iu;

/** A sentence that adds to the previous assignment: its deadline, a substitute, the holder's next step. */
const CONTINUES =
  /^(?:återrapport(?:ering)?|redovisning|rapport)\s+(?:sker|ska\s+ske|skall\s+ske|lämnas|ges|görs)\b|^(?:utredningen|uppdraget|arbetet|rapporten|redovisningen|beslutet)\s+(?:ska|skall|kommer att)\s+(?:vara\s+klar|redovisas|återrapporteras|delges|lämnas)|^vid\s+förhinder\b|^(?:\p{Lu}\p{L}+)\s+ska\s+(?:kartlägga|också|även)|^när\s+(?:den|det|de)\s+är\s+klar|^senast\s+\d|^\S*(?:gruppen|gruppens)\s+befullmäktigas\s+också/iu;

/** A due time as written: "nästa möte", "senast den 30 juni", "ännu i höst", "före årsskiftet", "31.8.2023", "den 18/4". */
const DUE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:till|vid|på|inför|före|senast|inom|under|i|ännu\s+i|till\s+och\s+med)\s+)?(?:(?:styrgruppens|chefsgruppens|nämndens|rådets|gruppens)\s+)?(?:nästa\s+vecka|nästa\s+(?:möte|sammanträde|chefsgruppsmöte|styrgruppsmöte)(?:\s+(?:i|den)\s+\p{L}+(?:\s+\d{1,2})?)?|följande\s+mötet?|kommande\s+möte|(?:senast\s+)?(?:den\s+)?\d{1,2}\s+(?:${MONTH})(?:\s+\d{4})?|(?:senast\s+)?\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}|(?:mötet\s+)?den\s+\d{1,2}\/\d{1,2}|hösten|våren|sommaren|vintern|höst|vår|årsskiftet(?:\s+\d{4}\/\d{2})?|(?:${MONTH})\s+\d{4}|(?:i|till|senast|under|före|inför)\s+(?:${MONTH})(?!\s+\d))\b`,
  'iu',
);

/**
 * A date that tells when a task was given, not when it is due: "beslutade den 12 november 2015 § 175", "gav den 26
 * oktober 2017", "sammanträdet den 12 maj"; but "till kommunstyrelsens sammanträde i oktober 2023" is the due.
 */
const GIVEN_ON_BEFORE =
  /(?<![\p{L}\p{N}])(?:beslutade|beslöt|beslutat|gav|gett|fick|fått|uppdrog|(?<!(?:till|inför|senast|före)\s+(?:\p{L}+\s+)?)sammanträde(?:t)?)\s*$/iu;
const GIVEN_ON_AFTER = /^,?\s*(?:§|\d{1,4}\s*§)/u;
/** A date that tells when something starts, not when a task is due: "förstärks från 1.9.2023", "fr.o.m. 1 januari". */
const STARTS_ON_BEFORE =
  /(?<![\p{L}\p{N}])(?:från|från\s+och\s+med|fr\.?\s?o\.?\s?m\.?|med\s+start|startar|börjar)\s*$/iu;
const DUE_ALL = new RegExp(DUE.source, 'giu');

function dueOf(text: string): string | null {
  const m = [...text.matchAll(DUE_ALL)].find(
    (d) =>
      !GIVEN_ON_BEFORE.test(text.slice(0, d.index)) &&
      !STARTS_ON_BEFORE.test(text.slice(0, d.index)) &&
      !GIVEN_ON_AFTER.test(text.slice(d.index + d[0].length)),
  );
  if (!m) return null;
  // As written, without a bare preposition ("vid nästa möte" → "nästa möte"); "senast", "före", "ännu i" stay.
  const due = m[0].trim().replace(/^(?:vid|till|på|i|inom|under)\s+(?!och\b)/i, '');
  // A bare "i höst"/"i vår" without a marker of time to come is still a due time; a month without a day only with a year.
  return due.length >= 3 ? due : null;
}

const iso = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date.toISOString().slice(0, 10) : null;
};

/**
 * The due date when the written due resolves against the meeting date; null for "nästa möte", "hösten", and
 * for a date before the meeting (when something was given or happened, "i augusti 2022", not when it is due).
 */
export function resolveDue(due: string | null, meetingDate: string | null): string | null {
  const date = resolveDate(due, meetingDate);
  return date && meetingDate && date < meetingDate ? null : date;
}

/** A month's number from its Swedish name (1–12). */
const monthOf = (name: string) => SWEDISH_MONTHS.indexOf(name.toLowerCase()) + 1;
/** The last day of a month, as an ISO date. */
const monthEnd = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);

function resolveDate(due: string | null, meetingDate: string | null): string | null {
  if (!due) return null;
  const isoDate = due.match(/(\d{4})-(\d{2})-(\d{2})/);
  if (isoDate) return iso(Number(isoDate[1]), Number(isoDate[2]), Number(isoDate[3]));
  const fi = due.match(/(\d{1,2})\.(\d{1,2})\.(\d{4})/);
  if (fi) return iso(Number(fi[3]), Number(fi[2]), Number(fi[1]));
  const meeting = meetingDate ? new Date(`${meetingDate}T00:00:00Z`) : null;
  const after = (m: number, d: number, year?: number) => {
    if (year !== undefined) return iso(year, m, d);
    if (!meeting) return null;
    const y = meeting.getUTCFullYear();
    const same = iso(y, m, d);
    // Without a year: the first such day after the meeting.
    return same && same >= meetingDate! ? same : iso(y + 1, m, d);
  };
  const named = due.match(new RegExp(String.raw`(\d{1,2})\s+(${MONTH})(?:\s+(\d{4}))?`, 'i'));
  if (named) return after(monthOf(named[2]!), Number(named[1]), named[3] ? Number(named[3]) : undefined);
  const slash = due.match(/(\d{1,2})\/(\d{1,2})/);
  if (slash) return after(Number(slash[2]), Number(slash[1]));
  // "i december", "senast i mars": that month's last day, the first such after the meeting.
  const bare = due.match(new RegExp(String.raw`^(?:(?:senast|före|inför|under|till)\s+)?(?:i\s+)?(${MONTH})$`, 'i'));
  if (bare && meeting) {
    const [y, m] = [meeting.getUTCFullYear(), monthOf(bare[1]!)];
    return monthEnd(y, m) >= meetingDate! ? monthEnd(y, m) : monthEnd(y + 1, m);
  }
  // "i december 2024", "senast mars 2025": the month's last day.
  const month = due.match(new RegExp(String.raw`(${MONTH})\s+(\d{4})`, 'i'));
  if (month) return monthEnd(Number(month[2]), monthOf(month[1]!));
  return null;
}

/** The task: the clause after "att" that follows the trigger, else the rest of the sentence after it. */
function taskOf(sentence: string, from: number): string {
  const rest = sentence.slice(from);
  const at = rest.match(AT);
  // "… fått i uppdrag av chefsgruppen för … att göra …": the giver stands between the trigger and "att".
  const reach = /^\s*av\s/i.test(rest) ? 160 : 60;
  const clause = at && at.index !== undefined && at.index < reach ? rest.slice(at.index + at[0].length) : rest;
  return (
    clause
      .replace(/^[\s,:–-]+/, '')
      .replace(/[.\s]+$/, '')
      // A cited decision at its end ("(BUN 2023-05-10 § 40)") is no part of the task.
      .replace(/\s*\([^()]*(?:§|\d{4})[^()]*\)?\s*$/u, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Whether a sentence tells a decision of an earlier meeting: it cites a date before this meeting
 * ("Kommunstyrelsen gav 2023-03-01, § 45 …", "beslutade den 12 mars 2024") or says so ("har tidigare gett …").
 */
function citesEarlierMeeting(sentence: string, meetingDate: string | null): boolean {
  // A § alone may cite a statute ("enligt 5 kap. 3 § socialtjänstlagen"); a meeting is cited with its date.
  if (/(?<![\p{L}\p{N}])tidigare\s+(?:gett|gav|beslutat|uppdragit)\b/iu.test(sentence)) return true;
  if (!meetingDate) return false;
  const dates = sentence.match(
    new RegExp(String.raw`\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\s+(?:${MONTH})\s+\d{4}`, 'giu'),
  );
  return (dates ?? []).some((d) => {
    const date = resolveDate(d, meetingDate);
    return date !== null && date < meetingDate;
  });
}

/** A holder as written: leading adverbs, a cited meeting ("2023-03-01, § 45") and "I och med att …"-clauses dropped. */
function holderOf(raw: string | undefined): string | null {
  if (!raw) return null;
  let who = clean(raw)
    .replace(
      /^(?:(?:den\s+)?(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\s+\p{L}+\s+\d{4})\s*,?\s*)?(?:(?:§\s*\d+|\d+\s*§)\s*,?\s*)?/iu,
      '',
    )
    .replace(/^(?:\d+[.)]\s*)?(?:beslut\s+)?(?:att\s+)?/i, '')
    // "Förvaltningen för liv och hälsa (har) tillsammans med barn- och utbildningsförvaltningen": the first named holds it.
    .replace(/^(.+?),?\s+(?:(?:har|hade)\s+)?tillsammans\s+med\s+.*$/iu, '$1')
    .replace(/^.*(?<![\p{L}\p{N}])(?:har|hade)\s+/iu, '');
  who = who.replace(/^(?:även|också|nu|därför|sedan|dessutom)\s+/i, '').trim();
  // "… beslutade att godkänna styrmodellen och att regionstyrelsen": the holder is the last clause's subject.
  const clause = who.split(/(?<![\p{L}\p{N}])(?:och\s+)?att\s+/iu);
  if (clause.length > 1 && clause[clause.length - 1]!.trim()) who = clause[clause.length - 1]!.trim();
  // "Som politisk företrädare utsågs X, vice ordförande …, och Välfärd och folkhälsa": the last one named.
  const listed = who.split(/,\s*(?:och\s+)?/).filter((x) => x.trim());
  if (listed.length > 1 && /^\p{Lu}/u.test(listed[listed.length - 1]!)) who = listed[listed.length - 1]!;
  // "den regionala suicidsamordnaren": an article before an adjective and its noun is no pronoun.
  const first = /^(?:den|det|de)\s+\p{Ll}+\s+\p{L}{3,}/iu.test(who)
    ? (who.split(/\s+/)[1] ?? '')
    : (who.split(/\s+/)[0] ?? '');
  if (!who || NOT_HOLDER.test(first) || who.length > 160) return null;
  return who;
}

/** Words already looked up: whether each is no word, inflected word nor compound (the compound split is costly). */
const NO_WORD = new Map<string, boolean>();
function noWord(part: string): boolean {
  let known = NO_WORD.get(part);
  if (known === undefined) {
    // The dictionary is loaded on first use (swedishDictionary() keeps it), not when this module is imported.
    const { lemmas } = swedishDictionary();
    // "Ordföranden", "Sekreteraren": a role's definite form is a word too.
    const definite = ['en', 'et', 'n', 't'].filter((e) => part.endsWith(e)).map((e) => part.slice(0, -e.length));
    known =
      !lemmas.has(part) &&
      !lemmas.has(stem(part)) &&
      !definite.some((bare) => lemmas.has(bare)) &&
      compoundParts(part).length === 0;
    if (NO_WORD.size > 50_000) NO_WORD.clear();
    NO_WORD.set(part, known);
  }
  return known;
}

/**
 * Whether a holder names people: each of its names ("Fredrik", "Karl-Ingvar och Lars-Erik", "Gunnar Axe") is
 * one the head lists, or no Swedish word ("Styrelsen", "Regionen", "Psykiatri" are; "Marina" is a word, and a
 * person only when the head names her).
 */
export function isPeople(who: string, people: readonly string[]): boolean {
  const named = new Set(people.flatMap((p) => p.toLowerCase().split(/[\s,]+/)).filter((w) => w.length > 1));
  const names = who.split(/\s*(?:,|\boch\b|&)\s*/u).filter((n) => n.trim());
  const capitalised = (token: string) => /^\p{Lu}[\p{Ll}'’]*(?:-\p{Lu}?[\p{Ll}'’]+)?$/u.test(token);
  // A given name is one the head lists, or no word, inflected word nor compound ("Länskliniker" is one).
  const givenName = (token: string) => {
    const word = token.toLowerCase();
    if (named.has(word)) return true;
    // "Karl-Ingvar": a double name has a part that is no word.
    return word.split('-').some(noWord);
  };
  return (
    names.length > 0 &&
    names.every((name) => {
      const [first, ...rest] = name.trim().split(/\s+/);
      // "Gunnar Axe": a given name, then capitalised family names.
      return (
        first !== undefined &&
        capitalised(first) &&
        !NOT_HOLDER.test(first) &&
        givenName(first) &&
        rest.length <= 2 &&
        rest.every(capitalised)
      );
    })
  );
}

/** Whether a sentence is a person's status on a point (`HOLDER_HAS_DONE`), its holder people. */
function personStatus(sentence: string, people: readonly string[]): boolean {
  const who = sentence.match(HOLDER_HAS_DONE)?.groups?.who;
  return who !== undefined && isPeople(who, people);
}

interface Found extends Assignment {
  offset: number;
  end: number;
}

/** An action list's columns, what, who and by when: "Åtgärd | Ansvarig | Klart". */
const POINT_WHAT = /^(?:åtgärd(?:er)?|aktivitet(?:er)?|uppgift(?:er)?|uppdrag|vad|att\s+göra)$/iu;
const POINT_WHO = /^(?:ansvarig[a]?|ansvar|vem)$/iu;
const POINT_WHEN = /^(?:klart?(?:\s+(?:till|senast|när))?|när|datum|deadline|tidplan|senast)$/iu;
/** The labels of one action point, on one line or on lines of their own: "Åtgärd: … Ansvarig: … Klart: …". */
const POINT_FIELD =
  /(?<![\p{L}])(?<label>åtgärd|aktivitet|uppgift|ansvarig[a]?|klart(?:\s+(?:till|senast))?|deadline|senast)\s*:\s*/giu;
/** "Ansvarig för att handlingsplanen skickas vidare: Anna Berg": the task in the label, its holder after it. */
const RESPONSIBLE_FOR = /^ansvarig[a]?\s+för\s+(?:att\s+)?(?<task>[^:]{4,160}?)\s*:\s*(?<who>\p{Lu}[^:]{1,80}?)\.?$/iu;

/** A due cell as written: a date, or a month alone ("oktober": that month, the meeting's year or the next). */
const dueCell = (cell: string) => dueOf(cell) ?? dueOf(`i ${cell}`);

/**
 * The action points of an item written as a list rather than as sentences: a table whose columns are what, who and
 * by when ("Åtgärd\tAnsvarig\tKlart", a row a point), the labelled fields of a point ("Åtgärd: … Ansvarig: …
 * Klart: …"), or a holder named after the task in the label ("Ansvarig för att …: Anna Berg"). Each is a task given
 * at this meeting by its body, or recited under an item that follows up earlier points.
 */
function actionPoints(item: SegmentedItem, context: AssignmentContext): Found[] {
  const found: Found[] = [];
  const lines = item.text.split('\n');
  const starts: number[] = [];
  let at = 0;
  for (const line of lines) {
    starts.push(at);
    at += line.length + 1;
  }
  // Under a follow-up of earlier points ("Genomgång av åtgärdslistan", "Föregående minnesanteckningar") the list's
  // points were given before: recited, their giver unsaid.
  const earlier = FOLLOW_UP_ITEM.test(item.title);
  const point = (sentence: string, who: string, task: string, when: string | null, offset: number, end: number) => {
    const due = when ? dueCell(when) : null;
    found.push({
      sentence: clean(sentence),
      giver: earlier ? null : context.body,
      assignee: clean(who).replace(/[.;]$/, ''),
      task: clean(task).replace(/[.;]$/, ''),
      due,
      dueDate: resolveDue(due, context.meetingDate),
      page: pageAt(item, offset),
      recited: earlier,
      offset,
      end,
    });
  };
  for (let i = 0; i < lines.length; i++) {
    const cells = lines[i]!.split('\t').map((c) => c.trim());
    const what = cells.findIndex((c) => POINT_WHAT.test(c));
    const who = cells.findIndex((c) => POINT_WHO.test(c));
    if (cells.length >= 2 && what >= 0 && who >= 0) {
      const when = cells.findIndex((c) => POINT_WHEN.test(c));
      for (i++; i < lines.length && lines[i]!.includes('\t'); i++) {
        const row = lines[i]!.split('\t').map((c) => c.trim());
        if (row[what] && row[who])
          point(
            lines[i]!,
            row[who]!,
            row[what]!,
            when >= 0 ? (row[when] ?? null) : null,
            starts[i]!,
            starts[i]! + lines[i]!.length,
          );
      }
      i--;
      continue;
    }
    const line = lines[i]!.trim();
    const responsible = RESPONSIBLE_FOR.exec(line)?.groups;
    if (responsible) {
      point(line, responsible.who!, responsible.task!, null, starts[i]!, starts[i]! + lines[i]!.length);
      continue;
    }
    // Labelled fields: this line and the next two, while they go on with fields of the same point.
    let fields = [...line.matchAll(POINT_FIELD)];
    if (!fields.length || !/^(?:åtgärd|aktivitet|uppgift)$/iu.test(fields[0]!.groups!.label!) || fields[0]!.index !== 0)
      continue;
    let text = line;
    let last = i;
    for (
      let j = i + 1;
      j <= i + 2 && j < lines.length && /^(?:ansvarig[a]?|klart|deadline|senast)\s*:/iu.test(lines[j]!.trim());
      j++
    ) {
      text += `\n${lines[j]!.trim()}`;
      last = j;
    }
    fields = [...text.matchAll(POINT_FIELD)];
    const value = (k: number) => {
      const f = fields[k]!;
      return text.slice(f.index! + f[0].length, fields[k + 1]?.index ?? text.length).trim();
    };
    const byLabel = (re: RegExp) => {
      const k = fields.findIndex((f) => re.test(f.groups!.label!));
      return k >= 0 ? value(k) : null;
    };
    const holder = byLabel(/^ansvarig/iu);
    const task = value(0);
    if (holder && task) {
      point(
        text,
        holder,
        task,
        byLabel(/^(?:klart|deadline|senast)/iu),
        starts[i]!,
        starts[last]! + lines[last]!.length,
      );
      i = last;
    }
  }
  return found;
}

/** The item's assignments and report-backs. */
export function findAssignments(
  item: SegmentedItem,
  decisions: readonly Decision[],
  context: AssignmentContext,
): { assignments: Assignment[]; reportBacks: ReportBack[] } {
  const text = item.text;
  const structure = itemStructure(text);
  const blockAt = (offset: number): Block | undefined =>
    structure.blocks.find((b) => offset >= b.start && offset < Math.max(b.end, b.start + 1));
  // Proposals an approval adopts without restating: their sentences are the body's tasks.
  // A passage an approval's proposal holds ("Enligt förslag." after it): a proposal block, or a sentence that proposes.
  const approved = (passage: string) => {
    const head = clean(passage).slice(0, 40);
    return head.length > 0 && decisions.some((d) => d.proposal && clean(d.proposal.text).includes(head));
  };
  const adopted = (block: Block) => approved(block.text);
  const givenBy = (block: Block | undefined, sentence: string): { giver: string | null; recited: boolean } => {
    const by = sentence.match(/(?<![\p{L}\p{N}])uppdrag(?:et)?\s+av\s+([^.,;]{3,80}?)\s+(?:att|at)\b/iu)?.[1];
    const handling = block ? structure.handlings[block.handling] : undefined;
    const reported =
      HAS_RECEIVED.test(sentence) ||
      /(?<![\p{L}\p{N}])(?:har|hade)\s+(?:\S+\s+){0,4}(?:tillsat\p{L}*|utsett)\b|(?<![\p{L}\p{N}])fick\b|(?<![\p{L}\p{N}])gavs\b|(?<![\p{L}\p{N}])är\s+utsedd\b/iu.test(
        sentence,
      ) ||
      citesEarlierMeeting(sentence, context.meetingDate);
    if (by) return { giver: clean(by), recited: true };
    // "Vid kommunfullmäktiges sammanträde den 26 oktober 2017 fick socialnämnden i uppdrag …": the meeting's body gave it.
    const at = sentence.match(/^vid\s+(\p{L}+?)s\s+(?:sammanträde|möte)\b/iu)?.[1];
    if (at) return { giver: at.charAt(0).toLocaleUpperCase('sv') + at.slice(1), recited: true };
    if (handling?.body) return { giver: handling.body, recited: true };
    const subject = sentence.match(
      /^(\p{Lu}[\p{L}-]+(?:\s+och\s+[\p{L}-]+)?)\s+(?:har\s+(?:tidigare\s+)?)?(?:ger|gav|gett|givit|uppdrar|uppdrog|uppdragit|beslöt|beslutade|beslutat|beslutar|utser)\b/u,
    )?.[1];
    if (subject && !/^(?:att)$/i.test(subject)) return { giver: subject, recited: reported };
    return { giver: reported ? null : context.body, recited: reported };
  };

  const found: Found[] = actionPoints(item, context);
  // "Förslag till uppdrag för samverkansledarna: – …" adopted by the decision: the whole list is the task.
  for (const b of structure.blocks) {
    const holder =
      b.kind === 'proposal' ? b.label.match(/(?<![\p{L}\p{N}])uppdrag\s+(?:för|till|åt)\s+(.+)$/iu)?.[1] : undefined;
    if (!holder || !adopted(b)) continue;
    const list = clean(b.text.replace(/\n\s*(?:[-•*]\s*)?/g, ' - '));
    found.push({
      sentence: `${clean(b.label)}: ${list}`.replace(/:\s*-\s*/, ': - '),
      giver: context.body,
      assignee: clean(holder),
      task: list.replace(/^-\s*/, ''),
      due: null,
      dueDate: null,
      page: pageAt(item, b.start),
      recited: false,
      offset: b.start,
      end: b.end,
    });
  }
  const inAdoptedList = (offset: number) => found.some((f) => offset >= f.offset && offset < f.end);
  let appointed = false;
  for (const s of sentences(text).flatMap(actionClauses)) {
    const sentence = clean(s.text);
    if (sentence.length < 12 || NOT_ASSIGNMENT.test(sentence) || inAdoptedList(s.offset)) continue;
    // "Nämnden har tillsatt en arbetsgrupp … (24.3.2022 / § 19)": an earlier decision recited to report on it.
    // A task recited with its decision's date and § ("har tidigare gett förvaltningen i uppdrag … (BUN 2023-05-10 § 40)")
    // is still an assignment.
    if (
      RECITED_DECISION.test(sentence) &&
      !/(?<![\p{L}\p{N}])(?:i\s+uppdrag|i\s+uppgift|uppdr(?:a|ar|og|agit)\s)/iu.test(sentence)
    )
      continue;
    const block = blockAt(s.offset);
    // A proposal counts where a decision adopts it; a recited fact ("har … fått i uppdrag") is no proposal.
    const recitedFact = HAS_RECEIVED.test(sentence);
    if (block?.kind === 'proposal' && !adopted(block) && !recitedFact) continue;
    // "Arbetsutskottet föreslår att nämnden ger förvaltningen i uppdrag …": proposed in prose, a task only once approved.
    if (PROPOSES.test(sentence) && !recitedFact && !approved(sentence)) continue;
    const previous = found[found.length - 1];
    // A sentence that only adds the deadline, a substitute or the next step joins the assignment before it.
    if (previous && s.offset - previous.end < 400 && CONTINUES.test(sentence)) {
      previous.sentence = `${previous.sentence} ${sentence}`;
      previous.end = s.offset + s.text.length;
      if (!previous.due) {
        previous.due = dueOf(sentence);
        previous.dueDate = resolveDue(previous.due, context.meetingDate);
      }
      continue;
    }
    let hit: {
      who: string | null;
      from: number;
      appoints: boolean;
      continues: boolean;
      giver?: string;
      task?: string;
    } | null = null;
    for (const rule of RULES) {
      const m = sentence.match(rule.re);
      if (!m || m.index === undefined) continue;
      // A phrasal verb without its particle ("Till nästa möte tar Anna med sig …" reads on) is no action point.
      if (rule.inverted && m.groups?.phrasal && !m.groups.particle) continue;
      const who = holderOf(m.groups?.who);
      if (rule.needsHolder && !who) continue;
      if (rule.needsPerson && !isPeople(who!, context.people ?? [])) continue;
      if (m.groups?.who && /^(?:allmänheten|invånarna|medborgarna)\b/i.test(clean(m.groups.who))) continue;
      hit = {
        who,
        // An action point's task is what the holder does: "Anna kontaktar banken", not "banken".
        from: m.index + m[0].length - (rule.taskAtVerb ? (m.groups?.verb?.length ?? 0) : 0),
        appoints: rule.appoints === true,
        continues: rule.continues === true,
        ...(m.groups?.giver ? { giver: clean(m.groups.giver) } : {}),
        ...(rule.inverted
          ? {
              task: clean(
                [m.groups?.verb ?? m.groups?.phrasal, m.groups?.particle, m.groups?.rest].filter(Boolean).join(' '),
              ),
            }
          : {}),
      };
      break;
    }
    if (!hit && block?.kind === 'decision' && DECIDED_TASK.test(sentence)) {
      const m = sentence.match(DECIDED_TASK)!;
      const by = sentence.match(/(?<![\p{L}\p{N}])av\s+(neutral\s+part|[^,.]{2,40}?)(?:,|\s+för\b)/iu)?.[1];
      hit = { who: by ? clean(by) : null, from: m.index ?? 0, appoints: false, continues: false };
    }
    if (!hit) {
      appointed = false;
      continue;
    }
    // "Projektet bedrivs … då en redovisning ska ske" right after the task it reports on.
    if (previous && hit.continues && s.offset - previous.end < 40) {
      previous.sentence = `${previous.sentence} ${sentence}`;
      previous.end = s.offset + s.text.length;
      if (!previous.due) {
        previous.due = dueOf(sentence);
        previous.dueDate = resolveDue(previous.due, context.meetingDate);
      }
      continue;
    }
    // The appointed group's mandates ("Rekryteringsgruppen befullmäktigas …"), or the same holder "också", join it.
    if (
      previous &&
      s.offset - previous.end < 200 &&
      hit.who &&
      previous.assignee &&
      stemOf(hit.who) === stemOf(previous.assignee) &&
      (appointed || /(?<![\p{L}\p{N}])(?:också|även)\b/iu.test(sentence))
    ) {
      previous.sentence = `${previous.sentence} ${sentence}`;
      previous.end = s.offset + s.text.length;
      continue;
    }
    appointed = hit.appoints;
    const given = givenBy(block, sentence);
    const giver = hit.giver ?? given.giver;
    const recited = hit.giver ? true : given.recited;
    const due = dueOf(sentence);
    found.push({
      sentence,
      giver,
      assignee: hit.who,
      task: hit.task || taskOf(sentence, hit.from) || sentence,
      due,
      dueDate: resolveDue(due, context.meetingDate),
      page: pageAt(item, s.offset),
      recited,
      offset: s.offset,
      end: s.offset + s.text.length,
    });
  }

  // The same task told again in the item (a preparation recounting the referral): kept once.
  const words = (x: string | null) => new Set((x ?? '').toLowerCase().match(/[\p{L}]{5,}/gu) ?? []);
  const unique = found.filter(
    (a, i) =>
      !found.slice(0, i).some((b) => {
        const ta = words(a.task);
        const tb = words(b.task);
        const shared = [...ta].filter((w) => tb.has(w)).length;
        const holders = [...words(a.assignee)].some((w) => words(b.assignee).has(w));
        return holders && shared >= Math.max(1, Math.min(ta.size, tb.size) * 0.5);
      }),
  );
  found.splice(0, found.length, ...unique);
  const reportBacks = [
    ...findReportBacks(item, found, context.people ?? []),
    ...handlingReports(item, structure, found),
  ]
    .sort((a, b) => a.offset - b.offset)
    .filter((r, i, all) => i === 0 || r.offset !== all[i - 1]!.offset)
    .map(({ offset: _o, ...r }) => r);
  return { assignments: found.map(({ offset: _o, end: _e, ...a }) => a), reportBacks };
}

/** A holder's first word, lower-cased and without its definite ending: "Rekryteringsgruppen" ~ "rekryteringsgrupp". */
const stemOf = (who: string) =>
  (who.split(/\s+/).find((w) => !/^(en|ett|de|det)$/i.test(w)) ?? '').toLowerCase().replace(/(en|et|na|n)$/, '');

/** Report-backs: passages that report on an earlier task. */
const REPORT_TITLE =
  /^(?:återrapport\p{L}*|återredovisning\p{L}*|återkoppling(?!\s+från\b)|avrapport\p{L}*|(?:redovisning|uppföljning|rapportering)\s+av\s+(?:\p{L}+\s+)?(?:uppdrag|utredning|förstudie|kartläggning)\p{L}*|svar\s+på\s+uppdrag\p{L}*|slutrapport|delrapport)\b/iu;
/** Work on a task said to be done, reported or under way. */
const STUDY = String.raw`(?:analys|utredning|förstudie|kartläggning|översyn|genomgång|uppföljning|uppdrag|arbete)\p{L}*`;
const REPORTING = new RegExp(
  [
    String.raw`avrapportering|återrapport\p{L}*|redovisning\s+av\s+(?:uppdraget|utredningen|förstudien|arbetet|kartläggningen)`,
    // "Förstudien är nu genomförd", "en närmare analys har gjorts", "har en närmare analys gjorts".
    String.raw`${STUDY}\s+(?:är|har)\s+(?:nu\s+)?(?:genomför[dt]|genomförts|klar[t]?|slutför[dt]|gjorts|avslutad|avslutat|avslutats)`,
    String.raw`(?:har|hade)\s+(?:\p{L}+\s+){0,3}${STUDY}\s+(?:gjorts|genomförts|slutförts|avslutats)`,
    // "Förvaltningen har nu genomfört utredningen": the definite form, a study already known (the one commissioned).
    String.raw`(?:har|hade)\s+(?:nu\s+)?(?:genomfört|slutfört|avslutat|sammanställt|tagit\s+fram)\s+(?:den\s+|det\s+)?(?:\p{L}+\s+){0,2}?(?:analysen|utredningen|förstudien|kartläggningen|översynen|uppföljningen|uppdraget|rapporten)(?![\p{L}])`,
    // "Som svar på uppdraget …", "I enlighet med uppdraget redovisas …".
    String.raw`(?:som\s+svar\s+på|i\s+enlighet\s+med|med\s+anledning\s+av)\s+(?:\p{L}+\s+){0,2}uppdrag(?:et)?\b[^.]{0,80}(?<![\p{L}\p{N}])(?:redovisa|rapportera|presentera)\p{L}*`,
    // "Utredningen redovisas i bilaga", "Rapporten bifogas": the work done, laid before the meeting.
    String.raw`(?:analysen|utredningen|förstudien|kartläggningen|översynen|uppföljningen|rapporten|slutrapporten|redovisningen)\s+(?:redovisas|presenteras|bifogas|biläggs)\s+(?:i|här|nedan|härmed|som|enligt)`,
    String.raw`resultat(?:et)?\s+visar|(?:en\s+)?delrapport\s+[^.]{0,80}(?<![\p{L}\p{N}])(?:har\s+tagits\s+fram|presenterades)`,
    // "Anna Berg redovisar utredningen av …": the holder presents the work done. Not a follow-up the body
    // receives every month ("Förvaltningen redovisar den ekonomiska uppföljningen"): a standing report.
    String.raw`(?:redovisar|redovisade|rapporterar|rapporterade)\s+(?:\p{L}+\s+){0,2}(?!uppföljning)${STUDY}`,
    // A holder reporting on the task. Not a standing report from a group's meetings or work ("informerar om arbetet i
    // strategigruppen", "rapporterar från arbetsgruppen"), nor "informerar om läget i äldreomsorgen".
    // Told in the past as minnesanteckningar write it: "Anna Berg återkopplade kring uppdraget från förra mötet".
    String.raw`(?:rapporterar|rapporterade|redogör|redogjorde|berättar|berättade|informerar|informerade|återkopplade)\s+(?:\p{L}+\s+){0,2}(?:från|om|kring|angående|gällande)\s+(?:uppdraget|utredningen)`,
    // Status on an earlier action point: "har tagit upp frågan", "har lyft frågan", "inget har hänt".
    String.raw`har\s+(?:tagit\s+upp|lyft)\s+frågan|inte\s+hänt\s+något`,
    // A referred body's answer: "RFF överför, i egenskap av remissorgan, sitt ställningstagande till …", "lämnar sitt yttrande".
    String.raw`(?:överför|lämnar|avger|översänder)(?:[^.]{0,60}?)\s+(?:sitt|sina|ett|följande)\s+(?:ställningstagande|utlåtande|yttrande|remissvar)`,
  ]
    .map((x) => `(?:${x})`)
    .join('|')
    .replace(/^/, String.raw`(?<![\p{L}\p{N}])(?:`)
    .concat(String.raw`)\b`),
  'iu',
);
/**
 * The body recites an earlier decision of its own and what has happened since: "Välfärdsnämnden har
 * tillsatt en arbetsgrupp … (24.3.2022 / § 19)", "… (KS 2022-03-01 § 12)".
 */
const RECITED_DECISION =
  /(?<![\p{L}\p{N}])(?:har|hade)\s+\p{L}+\s[^.]{0,160}\(\s*(?:\p{L}{1,6}\s+)?\d{1,4}[.-]\d{1,2}[.-]\d{1,4}\s*(?:\/|,)?\s*(?:§\s*\d+|\d+\s*§)\s*\)/u;
/** An action point followed up: "Topic – Name. Status…" under an item that goes through the last meeting's points. */
const FOLLOW_UP_ITEM =
  /(?<![\p{L}\p{N}])(?:föregående\s+(?:protokoll|möte|mötesprotokoll|minnesanteckningar)|återkoppling|uppföljning\s+av\s+(?:tidigare\s+)?(?:beslut|uppdrag|åtgärder|åtgärdslista\p{L}*)|beslutsuppföljning|åtgärdslista\p{L}*|(?:uppdrags|bevaknings|action|aktivitets)lista\p{L}*|pågående\s+uppdrag|todo(?:-?listan?)?|att\s+göra-?listan?|sedan\s+(?:förra|senaste)\s+mötet|från\s+(?:förra|föregående)\s+mötet)/iu;
/**
 * A holder's account of what it has done, in the perfect: a person's status on a point followed up ("Andreas har
 * letat efter tält men inte hittat något bra", "Linnea och Sixten har bokat tid …"), or the holder of a task
 * recited in the item ("Förvaltningen har nu sett över riktlinjerna"); or its presenting the work, in the past
 * ("Lisa redovisade rutinen som nu är klar").
 */
const HOLDER_HAS_DONE = new RegExp(
  String.raw`^(?:[-–•*]\s+)?${HOLDER}\s+(?:(?:har|hade)\s+(?:nu\s+|ännu\s+|därför\s+|sedan\s+dess\s+)?(?:inte\s+|ej\s+)?(?:\p{Ll}+\s+)?\p{Ll}{2,}(?:at|it|tt|t)(?![\p{L}])|(?:redovisade|presenterade|återrapporterade|återkopplade|redogjorde\s+för)\s)`,
  'u',
);
/**
 * The head of a point followed up: its topic, a dash and its holder, then a full stop or the holder's
 * status ("Gryningen i flera länsdelar – Ingmar rapporterar att …", "Restriktivt ätande – Marie.",
 * "Återkoppling – utveckling av … – Marina är inte med …").
 */
const POINT_HEAD =
  /^(?<topic>\p{Lu}[^.!?]{2,140}?)\s[–—-]\s(?<who>\p{Lu}[\p{L}'’-]+(?:\s+(?:och\s+)?\p{Lu}[\p{L}'’-]+)*)(?<rest>\.?$|\s+\p{Ll})/u;
/** A report still to come: "Redovisning ska ske i oktober", "återrapport sker vid nästa möte". */
const REPORT_TO_COME = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:återrapport\p{L}*|redovisning\p{L}*|rapport\p{L}*)\s+(?:ska|skall|kommer\s+att|sker|lämnas|ges)\s+(?:\p{L}+\s+)?(?:ske|vid|på|i|till|senast|inför|under|lämnas|ges|redovisas)|(?:ska|skall|kommer\s+att)\s+(?:\p{L}+\s+){0,2}(?:återrapporteras|redovisas|rapporteras|avrapporteras)|(?:återrapporteras|avrapporteras)\s+(?:[^.]{0,80}?\s)?(?:under|senast|vid|inför|före|i)\s+(?:\p{L}+\s+)?(?:våren|hösten|sommaren|vintern|nästa|kommande|${MONTH}|\d{4}))\b`,
  'iu',
);
/** Work said to be done ("Förstudien är nu genomförd och ska redovisas"): a report-back, whatever comes next. */
const DONE =
  /(?<![\p{L}\p{N}])(?:genomför[dt]|genomförts|slutför[dt]|slutförts|avslutad|avslutats|gjorts|klar|har\s+tagits\s+fram)(?![\p{L}])/iu;
/** A list marker standing alone as a sentence ("b.", "ii.", "3)"): a new point begins. */
const LIST_MARKER = /^(?:[a-zåäö]|[ivx]{1,4}|\d{1,2})[.)]$/iu;
/** A label that opens a new part of the item ("Förslag:", "Nämndens beslut:"). */
const LABEL_LINE = /:\s*$/;
/** At most this many sentences of status follow a point's head. */
const STATUS_SENTENCES = 2;

function findReportBacks(
  item: SegmentedItem,
  assignments: readonly Found[],
  people: readonly string[],
): (ReportBack & { offset: number })[] {
  const out: (ReportBack & { offset: number })[] = [];
  const followUp = FOLLOW_UP_ITEM.test(item.title);
  const title = REPORT_TITLE.test(item.title);
  const all = sentences(item.text);
  const inAssignment = (offset: number) => assignments.some((a) => offset >= a.offset && offset < a.end);
  // The holder of a task recited earlier in the item tells what it has done since: "Förvaltningen har nu sett över …".
  const doneByHolder = (sentence: string, offset: number) => {
    const who = sentence.match(HOLDER_HAS_DONE)?.groups?.who;
    return (
      who !== undefined &&
      assignments.some((a) => a.recited && a.assignee !== null && a.end <= offset && stemOf(who) === stemOf(a.assignee))
    );
  };
  const startsLine = (offset: number) =>
    offset === 0 || /\n\s*$/.test(item.text.slice(Math.max(0, offset - 40), offset));
  // A point begins a line, or follows its list marker ("b. Förskolebarn med misstänkt IF – Marie.").
  const beginsPoint = (k: number) =>
    startsLine(all[k]!.offset) ||
    (k > 0 && LIST_MARKER.test(clean(all[k - 1]!.text)) && startsLine(all[k - 1]!.offset));
  // A paragraph break (a blank line) between two offsets.
  const breakBetween = (a: number, b: number) => /\n\s*\n/.test(item.text.slice(a, b));
  /** The status sentences that follow a head in the same point. */
  const statusAfter = (k: number): number => {
    let n = 0;
    for (let j = k + 1; j < all.length && n < STATUS_SENTENCES; j++) {
      const next = all[j]!;
      const t = clean(next.text);
      const prev = all[j - 1]!;
      if (
        LIST_MARKER.test(t) ||
        LABEL_LINE.test(t) ||
        inAssignment(next.offset) ||
        /\?\s*$/.test(t) ||
        (beginsPoint(j) && POINT_HEAD.test(t)) ||
        breakBetween(prev.offset + prev.text.length, next.offset)
      )
        break;
      n++;
    }
    return n;
  };
  for (let k = 0; k < all.length; k++) {
    const s = all[k]!;
    const sentence = clean(s.text);
    // A question, a sentence of an assignment ("Återrapport sker vid nästa sammanträde.") or a report still to come.
    if (
      sentence.length < 12 ||
      /\?\s*$/.test(sentence) ||
      inAssignment(s.offset) ||
      (REPORT_TO_COME.test(sentence) && !DONE.test(sentence))
    )
      continue;
    // The body thanking for the report just told ("Styrgruppen tackade för återrapporteringen") reports nothing more.
    if (out.length > 0 && takesNote(sentence)) continue;
    const head =
      (followUp || title || /^återkoppling\b/i.test(sentence)) && beginsPoint(k) ? sentence.match(POINT_HEAD) : null;
    const recital = RECITED_DECISION.test(sentence);
    let take = 0;
    if (head || recital) {
      take = statusAfter(k);
      // A head without any status ("i. Återkoppling – … – Marina" in a list of the next meeting's points) reports nothing.
      if (head && take === 0 && !/\p{Ll}/u.test(head.groups?.rest ?? '')) continue;
      if (recital && !head && take === 0) continue;
    } else if (followUp && personStatus(sentence, people)) {
      // A holder's status on the point: the sentence alone.
    } else if (doneByHolder(sentence, s.offset)) {
      // "Socialnämnden gav … förvaltningen i uppdrag att se över riktlinjerna. Förvaltningen har nu sett över …".
    } else if (!REPORTING.test(sentence) && !/^återkoppling\b/i.test(sentence)) continue;
    const text = clean(
      all
        .slice(k, k + 1 + take)
        .map((x) => x.text)
        .join(' '),
    );
    // Linked to the assignment recited before it in the same item, when there is one.
    let answersInItem: number | null = null;
    for (let i = assignments.length - 1; i >= 0; i--) {
      const a = assignments[i]!;
      if (a.recited && a.end <= s.offset) {
        answersInItem = i;
        break;
      }
    }
    out.push({ sentence: text, page: pageAt(item, s.offset), answersInItem, offset: s.offset });
    k += take;
  }
  // An item titled as a report ("Redovisning av uppdrag om …", "Återrapport …") is one even where its words
  // are none of the above: its first passage of prose, before any label, task or decision.
  if (title && out.length === 0) {
    const k = all.findIndex(
      (x) =>
        clean(x.text).length >= 30 &&
        /[.!]$/.test(clean(x.text)) &&
        !LABEL_LINE.test(clean(x.text)) &&
        !inAssignment(x.offset) &&
        !REPORT_TO_COME.test(clean(x.text)),
    );
    if (k >= 0) {
      const s = all[k]!;
      const take = statusAfter(k);
      const answers = assignments.findLastIndex((a) => a.recited && a.end <= s.offset);
      out.push({
        sentence: clean(
          all
            .slice(k, k + 1 + take)
            .map((x) => x.text)
            .join(' '),
        ),
        page: pageAt(item, s.offset),
        answersInItem: answers >= 0 ? answers : null,
        offset: s.offset,
      });
    }
  }
  return out;
}

/** A body's name for comparison across a broken font's spellings ("Personalsektonen", "Personalsektionen"). */
const sameBody = (a: string | null, b: string | null) => {
  if (!a || !b) return false;
  const f = (x: string) => x.toLowerCase().replace(/[^\p{L}]/gu, '');
  const x = f(a);
  const y = f(b);
  return x === y || (Math.min(x.length, y.length) >= 6 && distance(x, y) <= 2);
};

/**
 * A body's own later handling of a task it gave, recited in the same item ("Personalsektionen 20.2.2023, 6 §:
 * … ger förvaltningsavdelningen i uppgift att bestämma nivåer …", then "Personalsektionen 22.3.2023, 17 §
 * Beredning: Nivåerna för uppvaktningarna är: …"): the later handling's preparation reports on it. Another
 * body's handling (a motion referred on) is its own matter, not a report.
 */
function handlingReports(
  item: SegmentedItem,
  structure: ReturnType<typeof itemStructure>,
  assignments: readonly Found[],
): (ReportBack & { offset: number })[] {
  const out: (ReportBack & { offset: number })[] = [];
  assignments.forEach((a, index) => {
    const block = structure.blocks.find((b) => a.offset >= b.start && a.offset < Math.max(b.end, b.start + 1));
    // Given in that handling's decision (a task recounted in a preparation was given elsewhere).
    if (!block || block.handling === 0 || block.kind !== 'decision') return;
    const given = structure.handlings[block.handling]!;
    const next = structure.handlings[block.handling + 1];
    if (!next || !sameBody(given.body, next.body) || !sameBody(a.giver, next.body)) return;
    const preparation = structure.blocks.find(
      (b) => b.handling === block.handling + 1 && (b.kind === 'preparation' || b.kind === 'narrative') && b.text.trim(),
    );
    if (!preparation) return;
    // "Beredning: personalchef Kristina Wikblad": the preparer's name on the label's line is no report.
    const named =
      preparation.kind === 'preparation' &&
      !item.text.slice(preparation.start, preparation.contentStart).includes('\n');
    const skip = named ? preparation.text.indexOf('\n') + 1 : 0;
    const first = sentences(preparation.text)
      .filter((x) => x.offset >= skip)
      .find((x) => clean(x.text).length >= 12);
    if (!first) return;
    const offset = preparation.contentStart + first.offset;
    // Its first sentence with the lines that follow it (a list of levels, amounts, dates).
    const rest = preparation.text.slice(first.offset).split(/\n\s*\n/)[0] ?? first.text;
    out.push({ sentence: clean(rest).slice(0, 600), page: pageAt(item, offset), answersInItem: index, offset });
  });
  return out;
}
