using System.Text.RegularExpressions;

namespace Nudge.Core.Classification;

/// <summary>
/// A person (or their mail client) asking to be removed. Read only in the subject, the address it was sent to, and
/// the first lines the sender wrote: a long reply that quotes our footer's "unsubscribe" link is not a request.
/// </summary>
internal static partial class UnsubscribeSignals
{
    private const int MaxBodyLength = 600;
    private const int LinesRead = 4;

    /// <summary>Requests that need no reading of the body: the subject, the mailto address, a client's marker.</summary>
    public static bool IsExplicitRequest(MessageView view, List<string> evidence)
    {
        if (view.Header("X-Apple-Unsubscribe") is { } apple && apple.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            evidence.Add("X-Apple-Unsubscribe: true");
            return true;
        }

        var subject = StripPrefixes(view.Subject);
        if (MailtoSubject().IsMatch(subject))
        {
            // What a mail client writes when the recipient uses our List-Unsubscribe mailto (subject=unsubscribe%20TOKEN).
            evidence.Add($"Subject: \"{view.Subject}\" (answers the List-Unsubscribe mailto)");
            return true;
        }

        if (RequestSubject().IsMatch(subject))
        {
            evidence.Add($"Subject: \"{view.Subject}\"");
            return true;
        }

        foreach (var to in view.Message.To.Mailboxes)
        {
            if (UnsubscribeMailbox().IsMatch(MessageView.LocalPart(to.Address)))
            {
                evidence.Add($"Sent to an unsubscribe address ({to.Address})");
                return true;
            }
        }

        return false;
    }

    /// <summary>A short message whose opening lines ask to be removed.</summary>
    public static bool IsBodyRequest(MessageView view, List<string> evidence)
    {
        var text = view.UnquotedText;
        if (text.Length > MaxBodyLength)
            return false;
        var opening = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(LinesRead);
        foreach (var line in opening)
        {
            // A line with a link is a footer or a signature ("click here to unsubscribe"), not a request.
            if (line.Contains("http", StringComparison.OrdinalIgnoreCase) || line.Contains("click", StringComparison.OrdinalIgnoreCase))
                continue;
            if (RequestWording().Match(line) is { Success: true } m)
            {
                evidence.Add($"Body: \"{m.Value.Trim()}\"");
                return true;
            }
        }

        return false;
    }

    private static string StripPrefixes(string subject)
    {
        var previous = "";
        while (previous != subject)
        {
            previous = subject;
            subject = SubjectPrefix().Replace(subject, "").Trim();
        }

        return subject;
    }

    [GeneratedRegex(@"^(?:(?:re|res|r|antw|fwd?|aw|wg|tr|sv|vs|rv|enc)\s*(?:\[\d+\])?\s*:|\[[^\]]{0,40}\])\s*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubjectPrefix();

    /// <summary>
    /// The subject of our List-Unsubscribe mailto, <c>unsubscribe TOKEN</c>, the token being 16 to 64 base64url
    /// characters. A client that does not decode the URI leaves <c>%20</c> in place.
    /// </summary>
    [GeneratedRegex(@"^unsubscribe(?:\s+|%20)(?-i:[A-Za-z0-9_-]{16,64})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MailtoSubject();

    /// <summary>
    /// A whole subject that asks for removal, in English, French, German, Spanish, Italian, Portuguese and Dutch, with
    /// an optional "please" before or after.
    /// </summary>
    [GeneratedRegex("""
        ^(?:(?:please|pls|bitte|por\s+favor|per\s+favore|s'il\s+vous\s+pla[iî]t|svp|graag|alstublieft|a\.?u\.?b\.?)[\s,]+)?
        (?:unsubscribe|unsub|remove(?:\s+me)?|remove\s+from\s+(?:the\s+)?list|stop|opt[\s-]?out|take\s+me\s+off
          |(?:se\s+)?d[ée]sabonn(?:er|ement)|(?:se\s+)?d[ée]sinscri(?:re|ption)|abmelden|abbestellen|austragen
          |(?:darse|darme)\s+de\s+baja|baja|(?:cancelar|anular)\s+(?:la\s+)?suscripci[óo]n
          |disiscri(?:vi|vere|vimi|vetemi|zione)|cancellami|cancellatemi|rimuovimi|rimuovetemi|annulla(?:re)?\s+(?:l'|la\s+)?iscrizione
          |descadastr(?:ar|e-me|ar-me|amento)|(?:cancelar|anular)\s+(?:a\s+)?(?:inscri[çc][ãa]o|subscri[çc][ãa]o|assinatura)|remova-me
          |afmelden|uitschrijven|schrijf\s+(?:me|mij)\s+uit|verwijder\s+(?:me|mij))
        (?:\s+me)?(?:[\s,]+(?:please|pls|thanks?|thank\s+you|bitte|danke|merci|gracias|grazie|obrigad[oa]|bedankt))?\s*[.!]*$
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex RequestSubject();

    [GeneratedRegex(@"unsubscribe|opt[-_.]?out|remove[-_.]?me|leave[-_.]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnsubscribeMailbox();

    /// <summary>
    /// Removal requests within a line, in English, French, German, Spanish, Italian, Portuguese and Dutch. A phrase
    /// that also has an everyday meaning must name mail or a list, or stand alone: "no quiero recibir la factura" is
    /// about an invoice, and "abmelden"/"afmelden" also mean leaving a meeting ("mich vom Termin abmelden").
    /// </summary>
    [GeneratedRegex("""
        \bunsubscribe\b | \bremove\s+(?:me|my\s+(?:e-?mail|address|name)) | take\s+me\s+off
        | stop\s+(?:e-?mailing|sending|contacting|writing\s+to)\s*(?:me|us)?
        | (?:don't|do\s+not|dont)\s+(?:e-?mail|contact|write\s+to)\s+(?:me|us)\s+(?:again|anymore|any\s+more) | opt\s+me\s+out
        | no\s+more\s+e-?mails
        | d[ée]sabonn | d[ée]sinscri | retirez[-\s]moi | supprimez[-\s]moi | enlevez[-\s]moi | ne\s+plus\s+recevoir
        | ne\s+(?:souhaite|veux|d[ée]sire)\s+plus\s+(?:recevoir|[êe]tre\s+contact[ée])
        | ^\W*(?:bitte\s+)?(?:abmelden|austragen)[\s.!,]*(?:bitte|danke)?[\s.!]*$
        | mich\s+(?:gerne\s+|bitte\s+)?(?:abmelden|austragen)\s*(?:[.!,]|$)
        | (?:newsletter|verteiler|mailing(?:liste)?|e-?mails?|mails|liste)\s+(?:\w+\s+){0,2}(?:abmelden|austragen)
        | abbestellen | keine\s+(?:weiteren\s+)?(?:e-?mails|nachrichten)\s+mehr | entfernen\s+sie\s+mich
        | darse\s+de\s+baja | darme\s+de\s+baja | dar\s+de\s+baja | d[ée]me\s+de\s+baja | no\s+me\s+(?:env[ií]en|escriban|contacten)
        | (?:elim[ií]n|s[áa]qu|qu[ií]t)(?:e|en)me\s+de | (?:cancelar|anular)\s+(?:mi\s+|la\s+)?suscripci[óo]n
        | no\s+(?:quiero|deseo)\s+(?:seguir\s+)?recibir\s+(?:m[áa]s\s+)?(?:\w+\s+){0,2}(?:correos?|e-?mails?|mensajes|comunicaciones)
        | disiscri(?:v|zione) | (?:cancell|rimuov|togli)(?:a|i|ete|ere|ate)mi\s+dalla | annulla(?:re)?\s+(?:l'|la\s+)?(?:mia\s+)?iscrizione
        | non\s+(?:voglio|desidero)\s+(?:pi[úù]\s+)?ricevere\s+(?:pi[úù]\s+)?(?:\w+\s+){0,2}(?:e-?mail|messaggi|comunicazioni)
        | non\s+(?:scrivetemi|contattatemi|mi\s+scrivete|mi\s+contattate)\s+pi[úù]
        | descadastr | (?:remov|retir|tir)(?:a|e|am|em)[-\s]me\s+d | parem\s+de\s+(?:me\s+)?(?:enviar|mandar|escrever)
        | (?:cancelar|anular)\s+(?:a\s+|minha\s+)?(?:inscri[çc][ãa]o|subscri[çc][ãa]o|assinatura)
        | n[ãa]o\s+(?:quero|desejo)\s+(?:mais\s+)?receber\s+(?:mais\s+)?(?:\w+\s+){0,2}(?:e-?mails?|mensagens|comunica[çc][õo]es)
        | ^\W*(?:graag\s+|svp\s+|a\.?u\.?b\.?\s+)?afmelden[\s.!,]*(?:graag|a\.?u\.?b\.?|svp|bedankt)?[\s.!]*$
        | (?:me|mij)\s+(?:graag\s+)?afmelden\s*(?:[.!,]|$)
        | afmelden\s+(?:voor|van|bij)\s+(?:\w+\s+){0,2}(?:nieuwsbrief|mailings?|mails|e-?mails?|lijst|mailinglijst|verzendlijst|berichten)
        | uitschrijven | schrijf\s+(?:me|mij)\s+(?:\w+\s+){0,3}uit\b
        | verwijder\s+(?:me|mij|mijn\s+(?:e-?mail(?:adres)?|adres|gegevens))\b
        | haal\s+(?:me|mij)\s+(?:\w+\s+){0,3}(?:lijst|mailinglijst|verzendlijst|bestand)
        | geen\s+(?:e-?mails?|mails|berichten)\s+meer | stuur\s+(?:me|mij)\s+geen
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex RequestWording();
}
