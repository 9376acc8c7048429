<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>rs::ui::CaseDetailsDialog</name>
    <message>
        <source>New Case</source>
        <translation>Neuer Fall</translation>
    </message>
    <message>
        <source>Case Details</source>
        <translation>Falldetails</translation>
    </message>
    <message>
        <source>Where the case file is saved</source>
        <translation>Speicherort der Falldatei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Case &amp;file:</source>
        <translation>&amp;Falldatei:</translation>
    </message>
    <message>
        <source>Case &amp;number:</source>
        <translation>Fall&amp;nummer:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Examiner:</source>
        <translation>&amp;Prüfer:</translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation>&amp;Organisation:</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>N&amp;otizen:</translation>
    </message>
    <message>
        <source>Created (UTC):</source>
        <translation>Angelegt (UTC):</translation>
    </message>
    <message>
        <source>Choose where to save the case file.</source>
        <translation>Wählen Sie, wo die Falldatei gespeichert wird.</translation>
    </message>
    <message>
        <source>%1 already exists; choose another name.</source>
        <translation>%1 existiert bereits; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>Enter the case number.</source>
        <translation>Geben Sie die Fallnummer ein.</translation>
    </message>
    <message>
        <source>Give the case a title.</source>
        <translation>Geben Sie dem Fall einen Titel.</translation>
    </message>
    <message>
        <source>Name the examiner responsible for the case.</source>
        <translation>Nennen Sie den für den Fall verantwortlichen Prüfer.</translation>
    </message>
    <message>
        <source>Save Case As</source>
        <translation>Fall speichern unter</translation>
    </message>
    <message>
        <source>ReplicaScope cases (*.rscase)</source>
        <translation>ReplicaScope-Fälle (*.rscase)</translation>
    </message>
</context>
<context>
    <name>rs::ui::CaseOverview</name>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>Case number:</source>
        <translation>Fallnummer:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Titel:</translation>
    </message>
    <message>
        <source>Examiner:</source>
        <translation>Prüfer:</translation>
    </message>
    <message>
        <source>Organisation:</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <source>Created (UTC):</source>
        <translation>Angelegt (UTC):</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Notizen:</translation>
    </message>
    <message>
        <source>Edit Details…</source>
        <translation>Details bearbeiten…</translation>
    </message>
    <message>
        <source>Evidence store</source>
        <translation>Beweismittelablage</translation>
    </message>
    <message>
        <source>SHA-256 at the head of the append-only audit log. Any later change to the case changes it; quote it to refer to exactly this state.</source>
        <translation>SHA-256 am Kopf des nur erweiterbaren Prüfprotokolls. Jede spätere Änderung am Fall ändert ihn; zitieren Sie ihn, um genau diesen Stand zu bezeichnen.</translation>
    </message>
    <message>
        <source>Case file:</source>
        <translation>Falldatei:</translation>
    </message>
    <message>
        <source>Image folder:</source>
        <translation>Bildordner:</translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation>Schemaversion:</translation>
    </message>
    <message>
        <source>Audit log head:</source>
        <translation>Kopf des Prüfprotokolls:</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>No case is open.</source>
        <translation>Kein Fall geöffnet.</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation> (schreibgeschützt)</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n entries)</source>
        <translation>
            <numerusform>%1 (%n Eintrag)</numerusform>
            <numerusform>%1 (%n Einträge)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rs::ui::CaseSession</name>
    <message>
        <source>No case is open.</source>
        <translation>Kein Fall geöffnet.</translation>
    </message>
</context>
<context>
    <name>rs::ui::MainWindow</name>
    <message>
        <source>&amp;Case</source>
        <translation>&amp;Fall</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New Case…</source>
        <translation>&amp;Neuer Fall…</translation>
    </message>
    <message>
        <source>&amp;Open Case…</source>
        <translation>Fall ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Close Case</source>
        <translation>Fall &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>C&amp;ase</source>
        <translation>F&amp;all</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>&amp;Details…</translation>
    </message>
    <message>
        <source>&amp;Verify Case…</source>
        <translation>Fall &amp;überprüfen…</translation>
    </message>
    <message>
        <source>Recompute the audit log&apos;s hash chain and the SHA-256 of every stored image</source>
        <translation>Hash-Kette des Prüfprotokolls und SHA-256 jedes gespeicherten Bildes neu berechnen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About ReplicaScope</source>
        <translation>Ü&amp;ber ReplicaScope</translation>
    </message>
    <message>
        <source>About ReplicaScope</source>
        <translation>Über ReplicaScope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ReplicaScope %1&lt;/h3&gt;&lt;p&gt;Audits text-to-image diffusion models for reproduced training images.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ReplicaScope %1&lt;/h3&gt;&lt;p&gt;Prüft Text-zu-Bild-Diffusionsmodelle auf reproduzierte Trainingsbilder.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — ReplicaScope</source>
        <translation>%1 — ReplicaScope</translation>
    </message>
    <message>
        <source>The case could not be read: %1</source>
        <translation>Der Fall konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>ReplicaScope</source>
        <translation>ReplicaScope</translation>
    </message>
    <message>
        <source>No case is open. Create one with File › New Case or open one with File › Open Case.</source>
        <translation>Kein Fall geöffnet. Legen Sie einen mit Datei › Neuer Fall an oder öffnen Sie einen mit Datei › Fall öffnen.</translation>
    </message>
    <message>
        <source>Cannot Open Case</source>
        <translation>Fall kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Untitled case</source>
        <translation>Unbenannter Fall</translation>
    </message>
    <message>
        <source>Cannot Create Case</source>
        <translation>Fall kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Open Case</source>
        <translation>Fall öffnen</translation>
    </message>
    <message>
        <source>ReplicaScope cases (*.rscase);;All files (*)</source>
        <translation>ReplicaScope-Fälle (*.rscase);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Case Details</source>
        <translation>Falldetails</translation>
    </message>
    <message>
        <source>Cannot Save Details</source>
        <translation>Details können nicht gespeichert werden</translation>
    </message>
</context>
<context>
    <name>rs::ui::VerifyDialog</name>
    <message>
        <source>Verify Case</source>
        <translation>Fall überprüfen</translation>
    </message>
    <message>
        <source>Checking the audit log and every stored image of %1…</source>
        <translation>Prüfprotokoll und alle gespeicherten Bilder von %1 werden geprüft…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>The case could not be verified: %1</source>
        <translation>Der Fall konnte nicht überprüft werden: %1</translation>
    </message>
    <message>
        <source>Verification was cancelled; the result is incomplete.</source>
        <translation>Die Überprüfung wurde abgebrochen; das Ergebnis ist unvollständig.</translation>
    </message>
    <message>
        <source>OK — the audit log (%1 entries) is intact and all %2 stored images match their SHA-256.
Audit log head: %3</source>
        <translation>OK — das Prüfprotokoll (%1 Einträge) ist unversehrt und alle %2 gespeicherten Bilder stimmen mit ihrem SHA-256 überein.
Kopf des Prüfprotokolls: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found. The case has been altered or damaged since it was recorded.</source>
        <translation>
            <numerusform>%n Problem gefunden. Der Fall wurde seit der Aufzeichnung verändert oder beschädigt.</numerusform>
            <numerusform>%n Probleme gefunden. Der Fall wurde seit der Aufzeichnung verändert oder beschädigt.</numerusform>
        </translation>
    </message>
</context>
</TS>
