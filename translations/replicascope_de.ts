<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ComparisonLoader</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is too large to show (%2 bytes)</source>
        <translation>%1 ist zu groß für die Anzeige (%2 Byte)</translation>
    </message>
    <message>
        <source>%1 is not a readable image (corrupt or unsupported format)</source>
        <translation>%1 ist kein lesbares Bild (beschädigt oder Format nicht unterstützt)</translation>
    </message>
</context>
<context>
    <name>ModelCheck</name>
    <message>
        <source>latent model, %1x%2 native</source>
        <translation>latentes Modell, nativ %1x%2</translation>
    </message>
    <message>
        <source>pixel-space model, %1x%2 native</source>
        <translation>Pixelraum-Modell, nativ %1x%2</translation>
    </message>
</context>
<context>
    <name>ReviewDecider</name>
    <message>
        <source>Enter your name as reviewer before recording decisions.</source>
        <translation>Geben Sie Ihren Namen als Bewerter ein, bevor Sie Entscheidungen erfassen.</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>Es gibt nichts rückgängig zu machen.</translation>
    </message>
    <message>
        <source>undo: back to %1</source>
        <translation>Rückgängig: zurück zu %1</translation>
    </message>
</context>
<context>
    <name>ReviewLabels</name>
    <message>
        <source>pending</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>replicated</source>
        <translation>repliziert</translation>
    </message>
    <message>
        <source>partial copy</source>
        <translation>Teilkopie</translation>
    </message>
    <message>
        <source>not a copy</source>
        <translation>keine Kopie</translation>
    </message>
    <message>
        <source>unsure</source>
        <translation>unsicher</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Audit diffusion models for reproduced training images</source>
        <translation>Diffusionsmodelle auf reproduzierte Trainingsbilder prüfen</translation>
    </message>
    <message>
        <source>Case file to open (.rscase)</source>
        <translation>Zu öffnende Falldatei (.rscase)</translation>
    </message>
    <message>
        <source>Save a picture of the window to FILE and quit (for smoke tests under Xvfb)</source>
        <translation>Ein Bild des Fensters in FILE speichern und beenden (für Smoke-Tests unter Xvfb)</translation>
    </message>
    <message>
        <source>Show this tab first (its number, from 0)</source>
        <translation>Diesen Tab zuerst anzeigen (seine Nummer, ab 0)</translation>
    </message>
    <message>
        <source>Go through the main flows (run a scan, open the dialogs), save a screenshot of each step in DIR and quit</source>
        <translation>Die Hauptabläufe durchgehen (einen Scan ausführen, die Dialoge öffnen), von jedem Schritt ein Bildschirmfoto in DIR speichern und beenden</translation>
    </message>
</context>
<context>
    <name>rs::ui</name>
    <message>
        <source>Export Failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Wrote %1 (%2 findings, %3 images) in %4 s.
SHA-256 of %5: %6
The export is recorded in the case&apos;s audit log.</source>
        <translation>%1 geschrieben (%2 Befunde, %3 Bilder) in %4 s.
SHA-256 von %5: %6
Der Export ist im Prüfprotokoll des Falls vermerkt.</translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation>Problem: %1</translation>
    </message>
    <message>
        <source>Report Exported</source>
        <translation>Bericht exportiert</translation>
    </message>
    <message>
        <source>Regeneration Failed</source>
        <translation>Neuerzeugung fehlgeschlagen</translation>
    </message>
    <message>
        <source>The regenerated image is bit-identical to the stored one.</source>
        <translation>Das neu erzeugte Bild ist bitgenau identisch mit dem gespeicherten.</translation>
    </message>
    <message>
        <source>The regenerated image matches the stored one within tolerance: at most %1 level(s) on %2 % of the values.</source>
        <translation>Das neu erzeugte Bild stimmt innerhalb der Toleranz mit dem gespeicherten überein: höchstens %1 Stufe(n) bei %2 % der Werte.</translation>
    </message>
    <message>
        <source>The regenerated image DIFFERS from the stored one: up to %1 levels on %2 % of the values.</source>
        <translation>Das neu erzeugte Bild WEICHT vom gespeicherten AB: bis zu %1 Stufen bei %2 % der Werte.</translation>
    </message>
    <message>
        <source>Generation %1, regenerated on %2 (%3).</source>
        <translation>Generierung %1, neu erzeugt auf %2 (%3).</translation>
    </message>
    <message>
        <source>Stored SHA-256: %1
Regenerated SHA-256: %2</source>
        <translation>Gespeicherter SHA-256: %1
Neu erzeugter SHA-256: %2</translation>
    </message>
    <message>
        <source>Generation Reproduced</source>
        <translation>Generierung reproduziert</translation>
    </message>
    <message>
        <source>Generation Not Reproduced</source>
        <translation>Generierung nicht reproduziert</translation>
    </message>
    <message>
        <source>  … and %1 more</source>
        <translation>  … und %1 weitere</translation>
    </message>
    <message>
        <source>Import into &quot;%1&quot; failed: %2</source>
        <translation>Import in „%1“ fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Set &quot;%1&quot;: %2 found, %3 imported, %4 duplicates merged, %5 already in the set, %6 skipped, %7 not fetched (%8 s).</source>
        <translation>Set „%1“: %2 gefunden, %3 importiert, %4 Duplikate zusammengeführt, %5 bereits im Set, %6 übersprungen, %7 nicht abgerufen (%8 s).</translation>
    </message>
    <message>
        <source>The import was cancelled; import the same source again to add the rest.</source>
        <translation>Der Import wurde abgebrochen; importieren Sie dieselbe Quelle erneut, um den Rest hinzuzufügen.</translation>
    </message>
    <message>
        <source>Skipped files:</source>
        <translation>Übersprungene Dateien:</translation>
    </message>
    <message>
        <source>Not fetched (ReplicaScope never downloads):</source>
        <translation>Nicht abgerufen (ReplicaScope lädt nie etwas herunter):</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Hinweise:</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Reference set &quot;%1&quot;: %2</source>
        <translation>Referenzset „%1“: %2</translation>
    </message>
    <message>
        <source>Reference set &quot;%1&quot; has no descriptors; it is not searched.</source>
        <translation>Referenzset „%1“ hat keine Deskriptoren; es wird nicht durchsucht.</translation>
    </message>
    <message>
        <source>Reference set &quot;%1&quot; was imported with descriptor %2; it is not searched here.</source>
        <translation>Referenzset „%1“ wurde mit dem Deskriptor %2 importiert; es wird hier nicht durchsucht.</translation>
    </message>
    <message>
        <source>The case has no reference sets yet.</source>
        <translation>Der Fall hat noch keine Referenzsets.</translation>
    </message>
</context>
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
    <name>rs::ui::ComparisonView</name>
    <message>
        <source>Distance</source>
        <translation>Distanz</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwellenwert</translation>
    </message>
    <message>
        <source>Crosses</source>
        <translation>Schwelle erreicht</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <source>Swap sides</source>
        <translation>Seiten tauschen</translation>
    </message>
    <message>
        <source>Wipe</source>
        <translation>Wischblende</translation>
    </message>
    <message>
        <source>Difference heatmap</source>
        <translation>Differenz-Heatmap</translation>
    </message>
    <message>
        <source>No case is open.</source>
        <translation>Kein Fall geöffnet.</translation>
    </message>
    <message>
        <source>The %1 has no stored image.</source>
        <translation>Für %1 ist kein Bild gespeichert.</translation>
    </message>
    <message>
        <source>The %1 image %2 is missing from the case: %3</source>
        <translation>Das Bild %2 für %1 fehlt im Fall: %3</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Loading candidate %1…</source>
        <translation>Kandidat %1 wird geladen…</translation>
    </message>
    <message>
        <source>generation</source>
        <translation>die Generierung</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>die Referenz</translation>
    </message>
    <message>
        <source>other generation</source>
        <translation>die andere Generierung</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Generation #%1 (seed %2)</source>
        <translation>Generierung #%1 (Seed %2)</translation>
    </message>
    <message>
        <source>Generation #%1</source>
        <translation>Generierung #%1</translation>
    </message>
    <message>
        <source>Reference: %1 (%2)</source>
        <translation>Referenz: %1 (%2)</translation>
    </message>
    <message>
        <source>Select a candidate to compare.</source>
        <translation>Wählen Sie einen Kandidaten zum Vergleichen aus.</translation>
    </message>
    <message>
        <source>Match boxes</source>
        <translation>Trefferrahmen</translation>
    </message>
    <message>
        <source>Outlines the region the partial-copy matcher found in both images</source>
        <translation>Umrandet den Bereich, den die Teilkopie-Erkennung in beiden Bildern gefunden hat</translation>
    </message>
</context>
<context>
    <name>rs::ui::DistanceHistogram</name>
    <message>
        <source>No prompt selected</source>
        <translation>Kein Prompt ausgewählt</translation>
    </message>
    <message numerus="yes">
        <source>Pairwise tiled l2 distances (%n pair(s))</source>
        <translation>
            <numerusform>Paarweise tiled-l2-Distanzen (%n Paar)</numerusform>
            <numerusform>Paarweise tiled-l2-Distanzen (%n Paare)</numerusform>
        </translation>
    </message>
    <message>
        <source>pairs</source>
        <translation>Paare</translation>
    </message>
    <message>
        <source>threshold</source>
        <translation>Schwellenwert</translation>
    </message>
    <message>
        <source>tiled l2 (threshold %1)</source>
        <translation>tiled l2 (Schwellenwert %1)</translation>
    </message>
</context>
<context>
    <name>rs::ui::ExportDialog</name>
    <message>
        <source>Export Report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>HTML folder (images, heatmaps; opens in any browser)</source>
        <translation>HTML-Ordner (Bilder, Heatmaps; in jedem Browser lesbar)</translation>
    </message>
    <message>
        <source>PDF document (A4)</source>
        <translation>PDF-Dokument (A4)</translation>
    </message>
    <message>
        <source>CSV table (one row per finding)</source>
        <translation>CSV-Tabelle (eine Zeile pro Befund)</translation>
    </message>
    <message>
        <source>JSON (everything, for other tools)</source>
        <translation>JSON (vollständig, für andere Werkzeuge)</translation>
    </message>
    <message>
        <source>Only findings reviewed as replicated</source>
        <translation>Nur als repliziert bewertete Befunde</translation>
    </message>
    <message>
        <source>Replace an existing report at this location</source>
        <translation>Vorhandenen Bericht an diesem Ort ersetzen</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>Speichern unter</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Folder for the HTML report</source>
        <translation>Ordner für den HTML-Bericht</translation>
    </message>
    <message>
        <source>Save Report As</source>
        <translation>Bericht speichern unter</translation>
    </message>
</context>
<context>
    <name>rs::ui::ImportProgressDialog</name>
    <message>
        <source>Importing Reference Images</source>
        <translation>Referenzbilder werden importiert</translation>
    </message>
    <message>
        <source>Importing into &quot;%1&quot;…</source>
        <translation>Import in „%1“…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Importing into &quot;%1&quot;: %2 of %3 images
%4 images/s, %5 left</source>
        <translation>Import in „%1“: %2 von %3 Bildern
%4 Bilder/s, noch %5</translation>
    </message>
    <message>
        <source>Cancelling: the batch in progress is discarded…</source>
        <translation>Wird abgebrochen: Der laufende Batch wird verworfen…</translation>
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
    <message>
        <source>&amp;Scan</source>
        <translation>&amp;Scan</translation>
    </message>
    <message>
        <source>Re&amp;view</source>
        <translation>Bewe&amp;rtung</translation>
    </message>
    <message>
        <source>Scan Failed</source>
        <translation>Scan fehlgeschlagen</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo Last Review Decision</source>
        <translation>Letzte Bewertungsentscheidung &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>&amp;Export Report…</source>
        <translation>Bericht &amp;exportieren…</translation>
    </message>
    <message>
        <source>HTML, PDF, CSV or JSON report of the findings, recorded in the audit log</source>
        <translation>Bericht der Befunde als HTML, PDF, CSV oder JSON, im Prüfprotokoll vermerkt</translation>
    </message>
    <message>
        <source>&amp;Regenerate a Generation…</source>
        <translation>Generierung &amp;neu erzeugen…</translation>
    </message>
    <message>
        <source>Make a stored generation again from its recorded model, prompt and seed, and compare it with the stored image</source>
        <translation>Eine gespeicherte Generierung aus dem erfassten Modell, Prompt und Seed erneut erzeugen und mit dem gespeicherten Bild vergleichen</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Exporting the report…</source>
        <translation>Bericht wird exportiert…</translation>
    </message>
    <message>
        <source>Regenerate a Generation</source>
        <translation>Generierung neu erzeugen</translation>
    </message>
    <message>
        <source>Generation number (as shown in the results and the review queue):</source>
        <translation>Nummer der Generierung (wie in den Ergebnissen und der Bewertungsliste angezeigt):</translation>
    </message>
    <message>
        <source>Regenerating generation %1…</source>
        <translation>Generierung %1 wird neu erzeugt…</translation>
    </message>
    <message>
        <source>&amp;Reference Sets</source>
        <translation>Referenzse&amp;ts</translation>
    </message>
    <message>
        <source>Res&amp;ults</source>
        <translation>&amp;Ergebnisse</translation>
    </message>
    <message>
        <source>Evi&amp;dence</source>
        <translation>Be&amp;weismittel</translation>
    </message>
    <message>
        <source>Re&amp;generate Generation %1 to Verify</source>
        <translation>Generierung %1 zur Prüfung neu &amp;erzeugen</translation>
    </message>
</context>
<context>
    <name>rs::ui::ReferenceMatchDialog</name>
    <message>
        <source>Closest Reference Images</source>
        <translation>Nächstliegende Referenzbilder</translation>
    </message>
    <message>
        <source>Image / reference</source>
        <translation>Bild / Referenz</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>Tiled L2</source>
        <translation>Tiled L2</translation>
    </message>
    <message>
        <source>pHash distance</source>
        <translation>pHash-Distanz</translation>
    </message>
    <message>
        <source>Descriptor cosine</source>
        <translation>Deskriptor-Kosinus</translation>
    </message>
    <message>
        <source>Thresholds crossed</source>
        <translation>Erreichte Schwellenwerte</translation>
    </message>
    <message>
        <source>No reference image to compare with.</source>
        <translation>Kein Referenzbild zum Vergleichen vorhanden.</translation>
    </message>
    <message>
        <source>%1
Reference id %2</source>
        <translation>%1
Referenz-ID %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
</context>
<context>
    <name>rs::ui::ReferenceSetModel</name>
    <message>
        <source>Source: %1</source>
        <translation>Quelle: %1</translation>
    </message>
    <message>
        <source>Size: %1 × %2 px</source>
        <translation>Größe: %1 × %2 px</translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation>Lizenz: %1</translation>
    </message>
    <message>
        <source>Occurs %1 times in the set</source>
        <translation>Kommt %1-mal im Set vor</translation>
    </message>
    <message>
        <source>SHA-256: %1</source>
        <translation>SHA-256: %1</translation>
    </message>
</context>
<context>
    <name>rs::ui::ReferenceSetsView</name>
    <message>
        <source>mixed (%1 licences)</source>
        <translation>gemischt (%1 Lizenzen)</translation>
    </message>
    <message>
        <source>Import Folder…</source>
        <translation>Ordner importieren…</translation>
    </message>
    <message>
        <source>Import WebDataset Tars…</source>
        <translation>WebDataset-Tars importieren…</translation>
    </message>
    <message>
        <source>Import Manifest…</source>
        <translation>Manifest importieren…</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>Drop a folder here to import it, or image files to compare them with the sets.</source>
        <translation>Legen Sie hier einen Ordner ab, um ihn zu importieren, oder Bilddateien, um sie mit den Sets zu vergleichen.</translation>
    </message>
    <message>
        <source>No case is open.</source>
        <translation>Kein Fall geöffnet.</translation>
    </message>
    <message>
        <source>%1 distinct images, %2 occurrences</source>
        <translation>%1 verschiedene Bilder, %2 Vorkommen</translation>
    </message>
    <message>
        <source>The case has no reference sets yet.</source>
        <translation>Der Fall hat noch keine Referenzsets.</translation>
    </message>
    <message>
        <source>Showing the first %1 images of &quot;%2&quot;.</source>
        <translation>Die ersten %1 Bilder von „%2“ werden angezeigt.</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2 images.</source>
        <translation>„%1“: %2 Bilder.</translation>
    </message>
    <message>
        <source>Reference Set Name</source>
        <translation>Name des Referenzsets</translation>
    </message>
    <message>
        <source>Import into the reference set:</source>
        <translation>In das Referenzset importieren:</translation>
    </message>
    <message>
        <source>Import Reference Folder</source>
        <translation>Referenzordner importieren</translation>
    </message>
    <message>
        <source>Import WebDataset Tars</source>
        <translation>WebDataset-Tars importieren</translation>
    </message>
    <message>
        <source>WebDataset shards (*.tar)</source>
        <translation>WebDataset-Shards (*.tar)</translation>
    </message>
    <message>
        <source>Import Manifest</source>
        <translation>Manifest importieren</translation>
    </message>
    <message>
        <source>Manifests (*.csv *.jsonl);;All files (*)</source>
        <translation>Manifeste (*.csv *.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Open or create a case first.</source>
        <translation>Öffnen Sie zuerst einen Fall oder legen Sie einen an.</translation>
    </message>
    <message>
        <source>The reference set needs a name.</source>
        <translation>Das Referenzset benötigt einen Namen.</translation>
    </message>
    <message>
        <source>Another import is still running.</source>
        <translation>Ein anderer Import läuft noch.</translation>
    </message>
    <message>
        <source>Import Summary</source>
        <translation>Importübersicht</translation>
    </message>
    <message>
        <source>Import Failed</source>
        <translation>Import fehlgeschlagen</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Open a case with reference sets first.</source>
        <translation>Öffnen Sie zuerst einen Fall mit Referenzsets.</translation>
    </message>
    <message>
        <source>A comparison is still running.</source>
        <translation>Ein Vergleich läuft noch.</translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n image(s) with the reference sets…</source>
        <translation>
            <numerusform>%n Bild wird mit den Referenzsets verglichen…</numerusform>
            <numerusform>%n Bilder werden mit den Referenzsets verglichen…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rs::ui::ResultsGrid</name>
    <message>
        <source>Prompt:</source>
        <translation>Prompt:</translation>
    </message>
    <message>
        <source>Closest training image</source>
        <translation>Nächstliegendes Trainingsbild</translation>
    </message>
    <message>
        <source>No prompt selected</source>
        <translation>Kein Prompt ausgewählt</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n image(s))</source>
        <translation>
            <numerusform>%1 (%n Bild)</numerusform>
            <numerusform>%1 (%n Bilder)</numerusform>
        </translation>
    </message>
    <message>
        <source>Generation %1: %2</source>
        <translation>Generierung %1: %2</translation>
    </message>
    <message>
        <source>Fewer than two generations: no distances yet</source>
        <translation>Weniger als zwei Generierungen: noch keine Distanzen</translation>
    </message>
    <message>
        <source>Some images are missing: no distances</source>
        <translation>Einige Bilder fehlen: keine Distanzen</translation>
    </message>
    <message>
        <source>No distances: %1</source>
        <translation>Keine Distanzen: %1</translation>
    </message>
    <message>
        <source>Select a generation</source>
        <translation>Wählen Sie eine Generierung aus</translation>
    </message>
    <message>
        <source>No training image crosses a threshold for generation %1.</source>
        <translation>Für Generierung %1 schlägt bei keinem Trainingsbild ein Schwellenwert an.</translation>
    </message>
    <message>
        <source>%1
tiled l2 %2 (threshold %3)</source>
        <translation>%1
tiled l2 %2 (Schwellenwert %3)</translation>
    </message>
    <message>
        <source>no image</source>
        <translation>kein Bild</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>wird geladen…</translation>
    </message>
    <message>
        <source>No distances: generation %1 cannot be read (%2)</source>
        <translation>Keine Abstände: Generierung %1 kann nicht gelesen werden (%2)</translation>
    </message>
    <message>
        <source>No distances stored for this run yet (they are stored when its prompt is analysed)</source>
        <translation>Für diesen Lauf sind noch keine Abstände gespeichert (sie werden gespeichert, wenn sein Prompt analysiert ist)</translation>
    </message>
</context>
<context>
    <name>rs::ui::ResultsModel</name>
    <message>
        <source>⚠ unreadable image</source>
        <translation>⚠ Bild nicht lesbar</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>wird geladen…</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>Seed %1</translation>
    </message>
    <message>
        <source>Generation %1, seed %2</source>
        <translation>Generierung %1, Seed %2</translation>
    </message>
    <message>
        <source>Memorization score %1</source>
        <translation>Memorisierungs-Score %1</translation>
    </message>
    <message>
        <source>Member of flagged clique %1</source>
        <translation>Mitglied der markierten Clique %1</translation>
    </message>
    <message>
        <source>Closest training image: %1 (tiled l2 %2)</source>
        <translation>Nächstliegendes Trainingsbild: %1 (tiled l2 %2)</translation>
    </message>
    <message>
        <source>The image file cannot be read: %1</source>
        <translation>Die Bilddatei kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>rs::ui::ReviewQueueModel</name>
    <message>
        <source>generation #%1</source>
        <translation>Generierung #%1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Other side</source>
        <translation>Gegenseite</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Memorization</source>
        <translation>Memorisierung</translation>
    </message>
</context>
<context>
    <name>rs::ui::ReviewQueueView</name>
    <message>
        <source>Keys: 1 replicated · 2 partial copy · 3 not a copy · 0 unsure · J/K or ↓/↑ next/previous · Ctrl+Z undo · Shift/Ctrl+click selects several rows</source>
        <translation>Tasten: 1 repliziert · 2 Teilkopie · 3 keine Kopie · 0 unsicher · J/K oder ↓/↑ nächste/vorherige · Strg+Z rückgängig · Umschalt/Strg+Klick wählt mehrere Zeilen aus</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Prompt:</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <source>Reference set:</source>
        <translation>Referenzset:</translation>
    </message>
    <message>
        <source>Recorded with each decision</source>
        <translation>Wird mit jeder Entscheidung erfasst</translation>
    </message>
    <message>
        <source>Comma-separated, added to each decided candidate</source>
        <translation>Durch Kommas getrennt; wird jedem bewerteten Kandidaten hinzugefügt</translation>
    </message>
    <message>
        <source>Reviewer:</source>
        <translation>Bewerter:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Notiz:</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Schlagwörter:</translation>
    </message>
    <message>
        <source>Replicated (1)</source>
        <translation>Repliziert (1)</translation>
    </message>
    <message>
        <source>Partial copy (2)</source>
        <translation>Teilkopie (2)</translation>
    </message>
    <message>
        <source>Not a copy (3)</source>
        <translation>Keine Kopie (3)</translation>
    </message>
    <message>
        <source>Unsure (0)</source>
        <translation>Unsicher (0)</translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation>Rückgängig (Strg+Z)</translation>
    </message>
    <message>
        <source>All prompts</source>
        <translation>Alle Prompts</translation>
    </message>
    <message>
        <source>All metrics</source>
        <translation>Alle Metriken</translation>
    </message>
    <message>
        <source>All reference sets</source>
        <translation>Alle Referenzsets</translation>
    </message>
    <message numerus="yes">
        <source>%n candidate(s)</source>
        <translation>
            <numerusform>%n Kandidat</numerusform>
            <numerusform>%n Kandidaten</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a case to review its candidates.</source>
        <translation>Öffnen Sie einen Fall, um seine Kandidaten zu bewerten.</translation>
    </message>
    <message>
        <source>Select the candidates to decide.</source>
        <translation>Wählen Sie die zu bewertenden Kandidaten aus.</translation>
    </message>
    <message>
        <source>Tagged:</source>
        <translation>Verschlagwortet:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 ×</source>
        <translation>%1 ×</translation>
    </message>
    <message>
        <source>Tagged by %1 at %2 (UTC). Click to remove the tag.</source>
        <translation>Verschlagwortet von %1 am %2 (UTC). Klicken entfernt das Schlagwort.</translation>
    </message>
</context>
<context>
    <name>rs::ui::ScanPanel</name>
    <message>
        <source>Prompts (one per line)</source>
        <translation>Prompts (einer pro Zeile)</translation>
    </message>
    <message>
        <source>Type or paste prompts here, one per line</source>
        <translation>Prompts hier eingeben oder einfügen, einer pro Zeile</translation>
    </message>
    <message>
        <source>Load file…</source>
        <translation>Datei laden…</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Default model not installed</source>
        <translation>Standardmodell nicht installiert</translation>
    </message>
    <message>
        <source>Open diffusers folder…</source>
        <translation>diffusers-Ordner öffnen…</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Device setting &quot;%1&quot; cannot be used: %2</source>
        <translation>Die Geräteeinstellung „%1“ kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Generierung</translation>
    </message>
    <message>
        <source>Images per prompt (seeds 0 to N-1); Carlini et al. use 500</source>
        <translation>Bilder pro Prompt (Seeds 0 bis N-1); Carlini et al. verwenden 500</translation>
    </message>
    <message>
        <source>Seeds per prompt:</source>
        <translation>Seeds pro Prompt:</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>Guidance:</source>
        <translation>Guidance:</translation>
    </message>
    <message>
        <source>DDIM</source>
        <translation>DDIM</translation>
    </message>
    <message>
        <source>DPM++ 2M</source>
        <translation>DPM++ 2M</translation>
    </message>
    <message>
        <source>Euler ancestral</source>
        <translation>Euler Ancestral</translation>
    </message>
    <message>
        <source>As the model&apos;s scheduler config says</source>
        <translation>Laut Scheduler-Konfiguration des Modells</translation>
    </message>
    <message>
        <source>Sampler:</source>
        <translation>Sampler:</translation>
    </message>
    <message>
        <source>native</source>
        <translation>nativ</translation>
    </message>
    <message>
        <source>Size (width × height):</source>
        <translation>Größe (Breite × Höhe):</translation>
    </message>
    <message>
        <source>Images per network batch; a cancelled run keeps every finished batch</source>
        <translation>Bilder pro Netzwerk-Batch; ein abgebrochener Lauf behält jeden fertigen Batch</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>Batch:</translation>
    </message>
    <message>
        <source>Negative prompt:</source>
        <translation>Negativer Prompt:</translation>
    </message>
    <message>
        <source>Screen prompts first, then scan the top</source>
        <translation>Prompts zuerst vorprüfen, dann die auffälligsten scannen</translation>
    </message>
    <message>
        <source>Ranks the prompts by memorization score (Wen et al.) from one denoising step of four seeds each, and scans the highest first</source>
        <translation>Ordnet die Prompts nach Memorisierungs-Score (Wen et al.) aus je einem Entrauschungsschritt mit vier Seeds und scannt die höchsten zuerst</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Open or create a case first.</source>
        <translation>Öffnen Sie zuerst einen Fall oder legen Sie einen an.</translation>
    </message>
    <message>
        <source>The case is open read-only.</source>
        <translation>Der Fall ist schreibgeschützt geöffnet.</translation>
    </message>
    <message>
        <source>Choose a model: the default model is not installed.</source>
        <translation>Wählen Sie ein Modell: Das Standardmodell ist nicht installiert.</translation>
    </message>
    <message>
        <source>The model folder cannot be used.</source>
        <translation>Der Modellordner kann nicht verwendet werden.</translation>
    </message>
    <message>
        <source>Enter at least one prompt.</source>
        <translation>Geben Sie mindestens einen Prompt ein.</translation>
    </message>
    <message>
        <source>Width and height must be multiples of 8.</source>
        <translation>Breite und Höhe müssen Vielfache von 8 sein.</translation>
    </message>
    <message>
        <source>Default model (%1)</source>
        <translation>Standardmodell (%1)</translation>
    </message>
    <message>
        <source>Checking the model folder…</source>
        <translation>Modellordner wird geprüft…</translation>
    </message>
    <message>
        <source>Usable: %1</source>
        <translation>Verwendbar: %1</translation>
    </message>
    <message>
        <source>This folder cannot be used: %1</source>
        <translation>Dieser Ordner kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <source>Open diffusers folder</source>
        <translation>diffusers-Ordner öffnen</translation>
    </message>
    <message>
        <source>Load prompts</source>
        <translation>Prompts laden</translation>
    </message>
    <message>
        <source>Text files (*.txt *.csv);;All files (*)</source>
        <translation>Textdateien (*.txt *.csv);;Alle Dateien (*)</translation>
    </message>
    <message numerus="yes">
        <source>Loaded %n prompt(s) from %1.</source>
        <translation>
            <numerusform>%n Prompt aus %1 geladen.</numerusform>
            <numerusform>%n Prompts aus %1 geladen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>A scan is already running.</source>
        <translation>Es läuft bereits ein Scan.</translation>
    </message>
    <message>
        <source>Cancelling after the current denoising step…</source>
        <translation>Abbruch nach dem aktuellen Entrauschungsschritt…</translation>
    </message>
    <message>
        <source>%1 / %2 images · %3 images/s · ETA %4</source>
        <translation>%1 / %2 Bilder · %3 Bilder/s · Restzeit %4</translation>
    </message>
    <message>
        <source>%1. %2 (score %3)</source>
        <translation>%1. %2 (Score %3)</translation>
    </message>
    <message>
        <source>Highest memorization scores:</source>
        <translation>Höchste Memorisierungs-Scores:</translation>
    </message>
    <message>
        <source>guidance %1</source>
        <translation>Guidance %1</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n Schritt</numerusform>
            <numerusform>%n Schritte</numerusform>
        </translation>
    </message>
    <message>
        <source>Set as the model recommends: %1</source>
        <translation>Wie vom Modell empfohlen eingestellt: %1</translation>
    </message>
    <message>
        <source>DDIM&apos;s η: 0 samples deterministically from each seed&apos;s noise, 1 adds fresh noise at every step. Recorded with the run; other samplers ignore it.</source>
        <translation>η von DDIM: 0 erzeugt jedes Bild deterministisch aus dem Rauschen seines Seeds, 1 fügt bei jedem Schritt neues Rauschen hinzu. Wird mit dem Lauf gespeichert; andere Sampler ignorieren es.</translation>
    </message>
    <message>
        <source>DDIM η:</source>
        <translation>DDIM-η:</translation>
    </message>
</context>
<context>
    <name>rs::ui::ScanWorker</name>
    <message>
        <source>The scan stopped with an internal error: %1</source>
        <translation>Der Scan wurde wegen eines internen Fehlers beendet: %1</translation>
    </message>
    <message>
        <source>Unknown sampler &quot;%1&quot;.</source>
        <translation>Unbekannter Sampler „%1“.</translation>
    </message>
    <message>
        <source>Opening the case…</source>
        <translation>Fall wird geöffnet…</translation>
    </message>
    <message>
        <source>Importing the default model&apos;s training set…</source>
        <translation>Trainingsdatensatz des Standardmodells wird importiert…</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Modell wird geladen…</translation>
    </message>
    <message numerus="yes">
        <source>Screening %n prompt(s) for memorization…</source>
        <translation>
            <numerusform>%n Prompt wird auf Memorisierung vorgeprüft…</numerusform>
            <numerusform>%n Prompts werden auf Memorisierung vorgeprüft…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled while screening prompts; nothing was generated.</source>
        <translation>Während der Vorprüfung der Prompts abgebrochen; es wurde nichts generiert.</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Wird generiert…</translation>
    </message>
    <message>
        <source>The scan failed: %1</source>
        <translation>Der Scan ist fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>Run %1%2: %n prompt(s), %3 images made, %4 already stored, %5 prompts flagged, %6 candidates, %7 s.</source>
        <translation>
            <numerusform>Lauf %1%2: %n Prompt, %3 Bilder erzeugt, %4 bereits gespeichert, %5 Prompts markiert, %6 Kandidaten, %7 s.</numerusform>
            <numerusform>Lauf %1%2: %n Prompts, %3 Bilder erzeugt, %4 bereits gespeichert, %5 Prompts markiert, %6 Kandidaten, %7 s.</numerusform>
        </translation>
    </message>
    <message>
        <source> (resumed)</source>
        <translation> (fortgesetzt)</translation>
    </message>
    <message>
        <source>Cancelled: the run is kept and can be resumed with the same parameters.</source>
        <translation>Abgebrochen: Der Lauf bleibt erhalten und kann mit denselben Parametern fortgesetzt werden.</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>The scan cannot start: %1</source>
        <translation>Der Scan kann nicht beginnen: %1</translation>
    </message>
    <message>
        <source>The case could not be read or written: %1</source>
        <translation>Der Fall konnte nicht gelesen oder geschrieben werden: %1</translation>
    </message>
    <message>
        <source>The scan was cancelled: %1</source>
        <translation>Der Scan wurde abgebrochen: %1</translation>
    </message>
</context>
<context>
    <name>rs::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Thresholds</source>
        <translation>&amp;Schwellenwerte</translation>
    </message>
    <message>
        <source>&amp;Generation</source>
        <translation>&amp;Generierung</translation>
    </message>
    <message>
        <source>&amp;Review and Language</source>
        <translation>&amp;Bewertung und Sprache</translation>
    </message>
    <message>
        <source>Tiled ℓ2 distance</source>
        <translation>Tiled-ℓ2-Distanz</translation>
    </message>
    <message>
        <source>Two images count as the same picture when the worst of their 4×4 tiles differs by at most this (Carlini et al. use 0.15; lower is stricter).</source>
        <translation>Zwei Bilder gelten als dasselbe Bild, wenn die am stärksten abweichende ihrer 4×4-Kacheln um höchstens diesen Wert abweicht (Carlini et al. verwenden 0,15; niedriger ist strenger).</translation>
    </message>
    <message>
        <source>Clique size</source>
        <translation>Cliquengröße</translation>
    </message>
    <message>
        <source>A prompt is flagged as memorized when at least this many of its generations are the same picture (Carlini et al.: 10 of 500).</source>
        <translation>Ein Prompt wird als memorisiert markiert, wenn mindestens so viele seiner Generierungen dasselbe Bild zeigen (Carlini et al.: 10 von 500).</translation>
    </message>
    <message>
        <source>Copy-detection similarity</source>
        <translation>Ähnlichkeit für Kopiererkennung</translation>
    </message>
    <message>
        <source>Descriptor cosine similarity above which a generation is reported as a replication of a reference image (Somepalli et al.: 0.5).</source>
        <translation>Kosinus-Ähnlichkeit der Deskriptoren, oberhalb derer eine Generierung als Replikation eines Referenzbildes gemeldet wird (Somepalli et al.: 0,5).</translation>
    </message>
    <message>
        <source>High-confidence similarity</source>
        <translation>Ähnlichkeit für hohe Konfidenz</translation>
    </message>
    <message>
        <source>Above this similarity a match is marked high confidence (about 90 % precision on the DISC copy-detection benchmark).</source>
        <translation>Oberhalb dieser Ähnlichkeit wird ein Treffer als hochkonfident markiert (etwa 90 % Präzision im DISC-Benchmark zur Kopiererkennung).</translation>
    </message>
    <message>
        <source>Perceptual hash distance</source>
        <translation>Distanz der perzeptuellen Hashes</translation>
    </message>
    <message>
        <source>Near-duplicate when the 64-bit perceptual hashes differ in at most this many bits; catches resized and re-encoded copies.</source>
        <translation>Beinahe-Duplikat, wenn sich die perzeptuellen 64-Bit-Hashes in höchstens so vielen Bits unterscheiden; erkennt skalierte und neu kodierte Kopien.</translation>
    </message>
    <message>
        <source>Seeds per prompt</source>
        <translation>Seeds pro Prompt</translation>
    </message>
    <message>
        <source>Images generated for every prompt; Carlini et al. used 500. More seeds find rarer copies.</source>
        <translation>Für jeden Prompt generierte Bilder; Carlini et al. verwendeten 500. Mehr Seeds finden seltenere Kopien.</translation>
    </message>
    <message>
        <source>Denoising steps</source>
        <translation>Entrauschungsschritte</translation>
    </message>
    <message>
        <source>Sampler steps per image.</source>
        <translation>Sampler-Schritte pro Bild.</translation>
    </message>
    <message>
        <source>Guidance scale</source>
        <translation>Guidance-Skala</translation>
    </message>
    <message>
        <source>Classifier-free guidance; 1 or less disables it. Memorized prompts show up at the model&apos;s usual setting.</source>
        <translation>Classifier-free Guidance; 1 oder weniger schaltet sie ab. Memorisierte Prompts zeigen sich bei der üblichen Einstellung des Modells.</translation>
    </message>
    <message>
        <source>DDIM</source>
        <translation>DDIM</translation>
    </message>
    <message>
        <source>DPM-Solver++ 2M</source>
        <translation>DPM-Solver++ 2M</translation>
    </message>
    <message>
        <source>Euler ancestral</source>
        <translation>Euler Ancestral</translation>
    </message>
    <message>
        <source>Sampler</source>
        <translation>Sampler</translation>
    </message>
    <message>
        <source>Automatic (GPU when present)</source>
        <translation>Automatisch (GPU, falls vorhanden)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Reviewer name</source>
        <translation>Name des Bewerters</translation>
    </message>
    <message>
        <source>Recorded with every review decision in the case&apos;s audit log.</source>
        <translation>Wird mit jeder Bewertungsentscheidung im Prüfprotokoll des Falls erfasst.</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Takes effect the next time ReplicaScope starts.</source>
        <translation>Wird beim nächsten Start von ReplicaScope wirksam.</translation>
    </message>
</context>
<context>
    <name>rs::ui::ThumbnailLoader</name>
    <message>
        <source>unreadable image</source>
        <translation>Bild nicht lesbar</translation>
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
