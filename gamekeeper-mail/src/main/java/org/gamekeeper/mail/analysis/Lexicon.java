package org.gamekeeper.mail.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of lure phrases in the languages phishing arrives in most (English, German,
 * Portuguese, Spanish, French, Dutch), matched as lower-case substrings.
 */
final class Lexicon {

    private final String[] phrases;

    Lexicon(String... phrases) {
        this.phrases = phrases;
    }

    /** The distinct phrases found, at most {@code max}. */
    List<String> find(String lowerText, int max) {
        List<String> hits = new ArrayList<>(2);
        for (String p : phrases) {
            if (lowerText.contains(p)) {
                hits.add(p);
                if (hits.size() >= max) {
                    break;
                }
            }
        }
        return hits;
    }

    static final Lexicon CREDENTIAL = new Lexicon(
            "verify your account", "verify your identity", "verify your email", "confirm your account",
            "confirm your identity", "confirm your information", "account has been suspended", "account will be suspended",
            "account suspended", "account has been locked", "account is locked", "account will be closed", "unusual sign-in",
            "unusual signin", "unusual activity", "suspicious activity", "suspicious login", "password expire",
            "password will expire", "reset your password", "update your payment", "update your billing", "payment method",
            "payment information", "billing information", "mailbox is full", "mailbox storage", "storage is full",
            "storage quota", "re-validate", "revalidate", "validate your", "unlock your account", "sign in to your account",
            "log in to your account", "login to your account", "security alert", "restore access", "has been limited",
            "temporarily locked", "seed phrase", "recovery phrase", "secret phrase", "shared a document", "shared a file",
            "view document", "sent you a document", "review the document", "pending messages", "undelivered messages",
            "messages on hold", "incoming messages", "delivery failed", "parcel could not be delivered", "package could not be delivered",
            "delivery attempt", "customs fee", "shipping fee", "outstanding payment", "invoice attached", "your subscription has expired",
            "subscription expired", "renew your subscription", "payment declined", "payment was declined", "card has expired",
            "sua conta", "seus dados", "atualize", "atualização cadastral", "atualizacao cadastral", "bloqueado", "bloqueio",
            "sua senha", "verifique", "confirme seus dados", "regularize", "pendência", "pendencia",
            "ihr konto", "ihres kontos", "konto wurde", "gesperrt", "bestätigen sie", "verifizieren", "ihr passwort",
            "zugang wurde", "sicherheitsüberprüfung", "su cuenta", "verifique su", "contraseña", "bloqueada",
            "votre compte", "mot de passe", "vérifier votre", "uw account", "uw rekening", "wachtwoord", "verifiëren",
            "new device", "unrecognized device", "sign-in attempt", "login attempt", "novo dispositivo", "alerta de seguran",
            "tentativa de acesso", "acesso suspeito", "neues gerät", "nuevo dispositivo", "nouvel appareil");

    static final Lexicon URGENCY = new Lexicon(
            "urgent", "immediately", "within 24 hours", "within 48 hours", "within 24h", "final notice", "last chance",
            "last warning", "final warning", "act now", "expires today", "expire soon", "expires soon", "limited time",
            "only today", "action required", "immediate action", "respond now", "don't miss", "do not miss",
            "letzte chance", "dringend", "sofort", "nur heute", "läuft ab", "letzte mahnung", "urgente", "última chance",
            "ultima chance", "imediatamente", "última oportunidad", "inmediatamente", "dernière chance", "immédiatement",
            "laatste kans", "onmiddellijk", "achtung", "atenção", "atención");

    static final Lexicon MONEY = new Lexicon(
            "congratulations", "you have won", "you've won", "you have been selected", "you've been selected", "winner",
            "prize", "reward", "gift card", "giftcard", "voucher", "free gift", "claim your", "bonus", "cashback",
            "lottery", "inheritance", "beneficiary", "million dollars", "bitcoin", "cryptocurrency", "investment opportunity",
            "guaranteed profit", "refund", "compensation", "unclaimed", "withdraw", "casino", "jackpot", "free spins",
            "gutschein", "gewinn", "gratulieren", "geschenk", "prämie", "belohnung", "parabéns", "parabens", "prêmio",
            "premio", "resgate", "brinde", "grátis", "ganhou", "felicidades", "ganador", "regalo", "félicitations",
            "gagné", "cadeau", "gefeliciteerd", "cadeaukaart", "beloning", "gratis", "next of kin", "business proposal",
            "deceased", "barrister", "consignment", "compensation fund", "atm card", "western union", "moneygram",
            "transfer the fund", "the sum of", "payment has been approved", "restitution", "token allocation",
            "airdrop", "staking", "giveaway", "claim now", "start your claim", "you are eligible", "you may be eligible",
            "überraschung", "surpresa", "sorpresa", "free iphone", "won an iphone");

    static final Lexicon ADVANCE_FEE = new Lexicon(
            "next of kin", "late husband", "late father", "late wife", "my late", "widow", "orphan", "donation of",
            "charity work", "philanthrop", "business proposal", "mutually beneficial", "kindly", "dear friend",
            "dear beloved", "god bless", "reply me", "contact me via", "my private email", "my personal email",
            "whatsapp", "strictly confidential", "treat with confidence", "sincere regards", "beneficiary", "inheritance",
            "compensation fund", "loan offer", "interest rate of", "funding for your", "finance your",
            "project funding", "unclaimed", "fund transfer", "million us dollars", "million euro", "querido", "deus te abençoe",
            "que dios", "caro amigo");

    static final Lexicon SPAM_TOPIC = new Lexicon(
            "viagra", "cialis", "pharmacy", "without a prescription", "weight loss", "lose weight", "gewichtsverlust",
            "abnehmen", "keto", "belly fat", "fat burn", "sex dating", "singles", "looking for a lover", "hot girls",
            "free spins", "no deposit", "casino", "betting", "jackpot", "erectile", "enlargement", "testosterone",
            "glp-1", "ozempic", "semaglutide", "passive income", "work from home", "make money", "financial freedom",
            "debt relief", "elon musk", "trading bot", "guaranteed returns", "crypto trading", "anti-aging", "wrinkle",
            "stop overpaying", "lock your rate", "term life", "home warranty", "want to meet you",
            "kennis met", "volwassen", "emagrecer", "namoro", "cannabis", "marijuana", "cbd oil");

    static final Lexicon GENERIC_GREETING = new Lexicon(
            "dear customer", "dear user", "dear valued", "dear account holder", "dear client", "dear member",
            "hello dear", "dear sir/madam", "dear sir or madam", "dear beneficiary", "attention beneficiary", "dear winner",
            "caro cliente", "prezado cliente", "prezado(a)", "sehr geehrter kunde", "lieber kunde", "liebe kundin",
            "estimado cliente", "cher client", "chère cliente", "beste klant", "geachte klant", "dear email user",
            "dear mailbox user", "dear webmail");

    static final Lexicon UNSUBSCRIBE = new Lexicon(
            "unsubscribe", "unsub", "opt-out", "opt out", "optout", "remove you", "removed from", "to be removed",
            "abmelden", "abbestellen", "austragen", "désinscri", "desinscri", "désabonner", "descadastr", "cancelar",
            "darse de baja", "afmelden", "uitschrijven", "subscription", "abonnement", "preferences", "no longer wish",
            "no longer want", "mailing list", "newsletter");

    /** Words by which a writer presents themselves as working for a news outlet. */
    static final Lexicon JOURNALIST = new Lexicon(
            "journalist", "correspondent", "reporter", "editor at", "editor,", "news desk", "newsroom", "interview request",
            "request for comment", "for an article", "for a story", "journalistin", "korrespondent", "redakteur", "jornalista",
            "periodista", "journaliste");

    /** Words by which a display name claims to speak for an organisation. */
    static final Lexicon ORGANISATION_WORDS = new Lexicon(
            "team", "support", "service", "security", "bank", "account", "department", "admin", "helpdesk", "help desk",
            "customer", "billing", "office", "official", "notification", "center", "centre", "verification", "no-reply",
            "noreply", "administrator", "webmaster", "payroll", "hr ", "human resources", "it desk", "mail delivery",
            "postmaster", "compliance", "finance", "treasury", "kundenservice", "atendimento", "suporte", "soporte");
}
