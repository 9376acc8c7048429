<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>ComparisonLoader</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>%1 is too large to show (%2 bytes)</source>
        <translation>%1 est trop volumineux pour être affiché (%2 octets)</translation>
    </message>
    <message>
        <source>%1 is not a readable image (corrupt or unsupported format)</source>
        <translation>%1 n&apos;est pas une image lisible (fichier corrompu ou format non pris en charge)</translation>
    </message>
</context>
<context>
    <name>ModelCheck</name>
    <message>
        <source>latent model, %1x%2 native</source>
        <translation>modèle latent, %1x%2 en natif</translation>
    </message>
    <message>
        <source>pixel-space model, %1x%2 native</source>
        <translation>modèle dans l&apos;espace pixel, %1x%2 en natif</translation>
    </message>
</context>
<context>
    <name>ReviewDecider</name>
    <message>
        <source>Enter your name as reviewer before recording decisions.</source>
        <translation>Saisissez votre nom d&apos;évaluateur avant d&apos;enregistrer des décisions.</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>Rien à annuler.</translation>
    </message>
    <message>
        <source>undo: back to %1</source>
        <translation>annulation : retour à %1</translation>
    </message>
</context>
<context>
    <name>ReviewLabels</name>
    <message>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>replicated</source>
        <translation>répliqué</translation>
    </message>
    <message>
        <source>partial copy</source>
        <translation>copie partielle</translation>
    </message>
    <message>
        <source>not a copy</source>
        <translation>pas une copie</translation>
    </message>
    <message>
        <source>unsure</source>
        <translation>incertain</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Audit diffusion models for reproduced training images</source>
        <translation>Auditer des modèles de diffusion à la recherche d&apos;images d&apos;entraînement reproduites</translation>
    </message>
    <message>
        <source>Case file to open (.rscase)</source>
        <translation>Fichier de dossier à ouvrir (.rscase)</translation>
    </message>
    <message>
        <source>Save a picture of the window to FILE and quit (for smoke tests under Xvfb)</source>
        <translation>Enregistrer une image de la fenêtre dans FILE et quitter (pour les tests de fumée sous Xvfb)</translation>
    </message>
    <message>
        <source>Show this tab first (its number, from 0)</source>
        <translation>Afficher d&apos;abord cet onglet (son numéro, à partir de 0)</translation>
    </message>
    <message>
        <source>Go through the main flows (run a scan, open the dialogs), save a screenshot of each step in DIR and quit</source>
        <translation>Parcourir les fonctions principales (lancer une analyse, ouvrir les dialogues), enregistrer une capture d’écran de chaque étape dans DIR et quitter</translation>
    </message>
</context>
<context>
    <name>rs::ui</name>
    <message>
        <source>Export Failed</source>
        <translation>Échec de l&apos;export</translation>
    </message>
    <message>
        <source>Wrote %1 (%2 findings, %3 images) in %4 s.
SHA-256 of %5: %6
The export is recorded in the case&apos;s audit log.</source>
        <translation>%1 écrit (%2 constats, %3 images) en %4 s.
SHA-256 de %5 : %6
L&apos;export est consigné dans le journal d&apos;audit du dossier.</translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation>Problème : %1</translation>
    </message>
    <message>
        <source>Report Exported</source>
        <translation>Rapport exporté</translation>
    </message>
    <message>
        <source>Regeneration Failed</source>
        <translation>Échec de la régénération</translation>
    </message>
    <message>
        <source>The regenerated image is bit-identical to the stored one.</source>
        <translation>L&apos;image régénérée est identique au bit près à l&apos;image stockée.</translation>
    </message>
    <message>
        <source>The regenerated image matches the stored one within tolerance: at most %1 level(s) on %2 % of the values.</source>
        <translation>L&apos;image régénérée correspond à l&apos;image stockée dans la tolérance : au plus %1 niveau(x) sur %2 % des valeurs.</translation>
    </message>
    <message>
        <source>The regenerated image DIFFERS from the stored one: up to %1 levels on %2 % of the values.</source>
        <translation>L&apos;image régénérée DIFFÈRE de l&apos;image stockée : jusqu&apos;à %1 niveaux sur %2 % des valeurs.</translation>
    </message>
    <message>
        <source>Generation %1, regenerated on %2 (%3).</source>
        <translation>Génération %1, régénérée sur %2 (%3).</translation>
    </message>
    <message>
        <source>Stored SHA-256: %1
Regenerated SHA-256: %2</source>
        <translation>SHA-256 stocké : %1
SHA-256 régénéré : %2</translation>
    </message>
    <message>
        <source>Generation Reproduced</source>
        <translation>Génération reproduite</translation>
    </message>
    <message>
        <source>Generation Not Reproduced</source>
        <translation>Génération non reproduite</translation>
    </message>
    <message>
        <source>  … and %1 more</source>
        <translation>  … et %1 de plus</translation>
    </message>
    <message>
        <source>Import into &quot;%1&quot; failed: %2</source>
        <translation>Échec de l&apos;importation dans « %1 » : %2</translation>
    </message>
    <message>
        <source>Set &quot;%1&quot;: %2 found, %3 imported, %4 duplicates merged, %5 already in the set, %6 skipped, %7 not fetched (%8 s).</source>
        <translation>Jeu « %1 » : %2 trouvées, %3 importées, %4 doublons fusionnés, %5 déjà dans le jeu, %6 ignorées, %7 non récupérées (%8 s).</translation>
    </message>
    <message>
        <source>The import was cancelled; import the same source again to add the rest.</source>
        <translation>L&apos;importation a été annulée ; importez à nouveau la même source pour ajouter le reste.</translation>
    </message>
    <message>
        <source>Skipped files:</source>
        <translation>Fichiers ignorés :</translation>
    </message>
    <message>
        <source>Not fetched (ReplicaScope never downloads):</source>
        <translation>Non récupérés (ReplicaScope ne télécharge jamais rien) :</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Remarques :</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Reference set &quot;%1&quot;: %2</source>
        <translation>Jeu de référence « %1 » : %2</translation>
    </message>
    <message>
        <source>Reference set &quot;%1&quot; has no descriptors; it is not searched.</source>
        <translation>Le jeu de référence « %1 » n&apos;a pas de descripteurs ; il n&apos;est pas parcouru.</translation>
    </message>
    <message>
        <source>Reference set &quot;%1&quot; was imported with descriptor %2; it is not searched here.</source>
        <translation>Le jeu de référence « %1 » a été importé avec le descripteur %2 ; il n&apos;est pas parcouru ici.</translation>
    </message>
    <message>
        <source>The case has no reference sets yet.</source>
        <translation>Le dossier ne contient encore aucun jeu de référence.</translation>
    </message>
</context>
<context>
    <name>rs::ui::CaseDetailsDialog</name>
    <message>
        <source>New Case</source>
        <translation>Nouveau dossier</translation>
    </message>
    <message>
        <source>Case Details</source>
        <translation>Détails du dossier</translation>
    </message>
    <message>
        <source>Where the case file is saved</source>
        <translation>Emplacement du fichier de dossier</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Case &amp;file:</source>
        <translation>&amp;Fichier du dossier :</translation>
    </message>
    <message>
        <source>Case &amp;number:</source>
        <translation>&amp;Numéro du dossier :</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titre :</translation>
    </message>
    <message>
        <source>&amp;Examiner:</source>
        <translation>&amp;Examinateur :</translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation>&amp;Organisation :</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>N&amp;otes :</translation>
    </message>
    <message>
        <source>Created (UTC):</source>
        <translation>Créé (UTC) :</translation>
    </message>
    <message>
        <source>Choose where to save the case file.</source>
        <translation>Choisissez où enregistrer le fichier de dossier.</translation>
    </message>
    <message>
        <source>%1 already exists; choose another name.</source>
        <translation>%1 existe déjà ; choisissez un autre nom.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Le répertoire %1 n&apos;existe pas.</translation>
    </message>
    <message>
        <source>Enter the case number.</source>
        <translation>Saisissez le numéro du dossier.</translation>
    </message>
    <message>
        <source>Give the case a title.</source>
        <translation>Donnez un titre au dossier.</translation>
    </message>
    <message>
        <source>Name the examiner responsible for the case.</source>
        <translation>Indiquez l&apos;examinateur responsable du dossier.</translation>
    </message>
    <message>
        <source>Save Case As</source>
        <translation>Enregistrer le dossier sous</translation>
    </message>
    <message>
        <source>ReplicaScope cases (*.rscase)</source>
        <translation>Dossiers ReplicaScope (*.rscase)</translation>
    </message>
</context>
<context>
    <name>rs::ui::CaseOverview</name>
    <message>
        <source>Case</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Case number:</source>
        <translation>Numéro du dossier :</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Titre :</translation>
    </message>
    <message>
        <source>Examiner:</source>
        <translation>Examinateur :</translation>
    </message>
    <message>
        <source>Organisation:</source>
        <translation>Organisation :</translation>
    </message>
    <message>
        <source>Created (UTC):</source>
        <translation>Créé (UTC) :</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Notes :</translation>
    </message>
    <message>
        <source>Edit Details…</source>
        <translation>Modifier les détails…</translation>
    </message>
    <message>
        <source>Evidence store</source>
        <translation>Stockage des preuves</translation>
    </message>
    <message>
        <source>SHA-256 at the head of the append-only audit log. Any later change to the case changes it; quote it to refer to exactly this state.</source>
        <translation>SHA-256 en tête du journal d&apos;audit (ajout seul). Toute modification ultérieure du dossier le change ; citez-le pour désigner exactement cet état.</translation>
    </message>
    <message>
        <source>Case file:</source>
        <translation>Fichier du dossier :</translation>
    </message>
    <message>
        <source>Image folder:</source>
        <translation>Répertoire des images :</translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation>Version du schéma :</translation>
    </message>
    <message>
        <source>Audit log head:</source>
        <translation>Tête du journal d&apos;audit :</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>No case is open.</source>
        <translation>Aucun dossier ouvert.</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation> (lecture seule)</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n entries)</source>
        <translation>
            <numerusform>%1 (%n entrée)</numerusform>
            <numerusform>%1 (%n entrées)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rs::ui::CaseSession</name>
    <message>
        <source>No case is open.</source>
        <translation>Aucun dossier ouvert.</translation>
    </message>
</context>
<context>
    <name>rs::ui::ComparisonView</name>
    <message>
        <source>Distance</source>
        <translation>Distance</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Seuil</translation>
    </message>
    <message>
        <source>Crosses</source>
        <translation>Seuil franchi</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <source>Swap sides</source>
        <translation>Inverser les côtés</translation>
    </message>
    <message>
        <source>Wipe</source>
        <translation>Volet</translation>
    </message>
    <message>
        <source>Difference heatmap</source>
        <translation>Carte thermique des différences</translation>
    </message>
    <message>
        <source>No case is open.</source>
        <translation>Aucun dossier ouvert.</translation>
    </message>
    <message>
        <source>The %1 has no stored image.</source>
        <translation>Aucune image n&apos;est stockée pour %1.</translation>
    </message>
    <message>
        <source>The %1 image %2 is missing from the case: %3</source>
        <translation>L&apos;image %2 de %1 est absente du dossier : %3</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Loading candidate %1…</source>
        <translation>Chargement du candidat %1…</translation>
    </message>
    <message>
        <source>generation</source>
        <translation>la génération</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>la référence</translation>
    </message>
    <message>
        <source>other generation</source>
        <translation>l&apos;autre génération</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>Generation #%1 (seed %2)</source>
        <translation>Génération n° %1 (graine %2)</translation>
    </message>
    <message>
        <source>Generation #%1</source>
        <translation>Génération n° %1</translation>
    </message>
    <message>
        <source>Reference: %1 (%2)</source>
        <translation>Référence : %1 (%2)</translation>
    </message>
    <message>
        <source>Select a candidate to compare.</source>
        <translation>Sélectionnez un candidat à comparer.</translation>
    </message>
    <message>
        <source>Match boxes</source>
        <translation>Cadres de correspondance</translation>
    </message>
    <message>
        <source>Outlines the region the partial-copy matcher found in both images</source>
        <translation>Entoure la zone que la détection de copie partielle a trouvée dans les deux images</translation>
    </message>
</context>
<context>
    <name>rs::ui::DistanceHistogram</name>
    <message>
        <source>No prompt selected</source>
        <translation>Aucun prompt sélectionné</translation>
    </message>
    <message numerus="yes">
        <source>Pairwise tiled l2 distances (%n pair(s))</source>
        <translation>
            <numerusform>Distances tiled l2 par paires (%n paire)</numerusform>
            <numerusform>Distances tiled l2 par paires (%n paires)</numerusform>
        </translation>
    </message>
    <message>
        <source>pairs</source>
        <translation>paires</translation>
    </message>
    <message>
        <source>threshold</source>
        <translation>seuil</translation>
    </message>
    <message>
        <source>tiled l2 (threshold %1)</source>
        <translation>tiled l2 (seuil %1)</translation>
    </message>
</context>
<context>
    <name>rs::ui::ExportDialog</name>
    <message>
        <source>Export Report</source>
        <translation>Exporter le rapport</translation>
    </message>
    <message>
        <source>HTML folder (images, heatmaps; opens in any browser)</source>
        <translation>Répertoire HTML (images, cartes thermiques ; s&apos;ouvre dans tout navigateur)</translation>
    </message>
    <message>
        <source>PDF document (A4)</source>
        <translation>Document PDF (A4)</translation>
    </message>
    <message>
        <source>CSV table (one row per finding)</source>
        <translation>Tableau CSV (une ligne par constat)</translation>
    </message>
    <message>
        <source>JSON (everything, for other tools)</source>
        <translation>JSON (complet, pour d&apos;autres outils)</translation>
    </message>
    <message>
        <source>Only findings reviewed as replicated</source>
        <translation>Uniquement les constats évalués comme répliqués</translation>
    </message>
    <message>
        <source>Replace an existing report at this location</source>
        <translation>Remplacer un rapport existant à cet emplacement</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>Enregistrer dans</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <source>Folder for the HTML report</source>
        <translation>Répertoire du rapport HTML</translation>
    </message>
    <message>
        <source>Save Report As</source>
        <translation>Enregistrer le rapport sous</translation>
    </message>
</context>
<context>
    <name>rs::ui::ImportProgressDialog</name>
    <message>
        <source>Importing Reference Images</source>
        <translation>Importation d&apos;images de référence</translation>
    </message>
    <message>
        <source>Importing into &quot;%1&quot;…</source>
        <translation>Importation dans « %1 »…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Importing into &quot;%1&quot;: %2 of %3 images
%4 images/s, %5 left</source>
        <translation>Importation dans « %1 » : %2 images sur %3
%4 images/s, temps restant %5</translation>
    </message>
    <message>
        <source>Cancelling: the batch in progress is discarded…</source>
        <translation>Annulation : le lot en cours est abandonné…</translation>
    </message>
</context>
<context>
    <name>rs::ui::MainWindow</name>
    <message>
        <source>&amp;Case</source>
        <translation>&amp;Dossier</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;New Case…</source>
        <translation>&amp;Nouveau dossier…</translation>
    </message>
    <message>
        <source>&amp;Open Case…</source>
        <translation>&amp;Ouvrir un dossier…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Ouvrir un dossier &amp;récent</translation>
    </message>
    <message>
        <source>&amp;Close Case</source>
        <translation>&amp;Fermer le dossier</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>C&amp;ase</source>
        <translation>D&amp;ossier</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>&amp;Détails…</translation>
    </message>
    <message>
        <source>&amp;Verify Case…</source>
        <translation>&amp;Vérifier le dossier…</translation>
    </message>
    <message>
        <source>Recompute the audit log&apos;s hash chain and the SHA-256 of every stored image</source>
        <translation>Recalculer la chaîne de hachage du journal d&apos;audit et le SHA-256 de chaque image stockée</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;About ReplicaScope</source>
        <translation>À &amp;propos de ReplicaScope</translation>
    </message>
    <message>
        <source>About ReplicaScope</source>
        <translation>À propos de ReplicaScope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ReplicaScope %1&lt;/h3&gt;&lt;p&gt;Audits text-to-image diffusion models for reproduced training images.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ReplicaScope %1&lt;/h3&gt;&lt;p&gt;Audite les modèles de diffusion texte-image à la recherche d&apos;images d&apos;entraînement reproduites.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — ReplicaScope</source>
        <translation>%1 — ReplicaScope</translation>
    </message>
    <message>
        <source>The case could not be read: %1</source>
        <translation>Le dossier n&apos;a pas pu être lu : %1</translation>
    </message>
    <message>
        <source>ReplicaScope</source>
        <translation>ReplicaScope</translation>
    </message>
    <message>
        <source>No case is open. Create one with File › New Case or open one with File › Open Case.</source>
        <translation>Aucun dossier ouvert. Créez-en un avec Fichier › Nouveau dossier ou ouvrez-en un avec Fichier › Ouvrir un dossier.</translation>
    </message>
    <message>
        <source>Cannot Open Case</source>
        <translation>Impossible d&apos;ouvrir le dossier</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 ouvert</translation>
    </message>
    <message>
        <source>Untitled case</source>
        <translation>Dossier sans titre</translation>
    </message>
    <message>
        <source>Cannot Create Case</source>
        <translation>Impossible de créer le dossier</translation>
    </message>
    <message>
        <source>Open Case</source>
        <translation>Ouvrir un dossier</translation>
    </message>
    <message>
        <source>ReplicaScope cases (*.rscase);;All files (*)</source>
        <translation>Dossiers ReplicaScope (*.rscase);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Case Details</source>
        <translation>Détails du dossier</translation>
    </message>
    <message>
        <source>Cannot Save Details</source>
        <translation>Impossible d&apos;enregistrer les détails</translation>
    </message>
    <message>
        <source>&amp;Scan</source>
        <translation>A&amp;nalyse</translation>
    </message>
    <message>
        <source>Re&amp;view</source>
        <translation>É&amp;valuation</translation>
    </message>
    <message>
        <source>Scan Failed</source>
        <translation>Échec de l&apos;analyse</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <source>&amp;Undo Last Review Decision</source>
        <translation>&amp;Annuler la dernière décision d&apos;évaluation</translation>
    </message>
    <message>
        <source>&amp;Export Report…</source>
        <translation>&amp;Exporter le rapport…</translation>
    </message>
    <message>
        <source>HTML, PDF, CSV or JSON report of the findings, recorded in the audit log</source>
        <translation>Rapport des constats en HTML, PDF, CSV ou JSON, consigné dans le journal d&apos;audit</translation>
    </message>
    <message>
        <source>&amp;Regenerate a Generation…</source>
        <translation>&amp;Régénérer une génération…</translation>
    </message>
    <message>
        <source>Make a stored generation again from its recorded model, prompt and seed, and compare it with the stored image</source>
        <translation>Produire à nouveau une génération stockée à partir du modèle, du prompt et de la graine enregistrés, et la comparer à l&apos;image stockée</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>O&amp;utils</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>Exporting the report…</source>
        <translation>Export du rapport…</translation>
    </message>
    <message>
        <source>Regenerate a Generation</source>
        <translation>Régénérer une génération</translation>
    </message>
    <message>
        <source>Generation number (as shown in the results and the review queue):</source>
        <translation>Numéro de la génération (tel qu&apos;affiché dans les résultats et la file d&apos;évaluation) :</translation>
    </message>
    <message>
        <source>Regenerating generation %1…</source>
        <translation>Régénération de la génération %1…</translation>
    </message>
    <message>
        <source>&amp;Reference Sets</source>
        <translation>&amp;Jeux de référence</translation>
    </message>
    <message>
        <source>Res&amp;ults</source>
        <translation>&amp;Résultats</translation>
    </message>
    <message>
        <source>Evi&amp;dence</source>
        <translation>&amp;Preuves</translation>
    </message>
    <message>
        <source>Re&amp;generate Generation %1 to Verify</source>
        <translation>&amp;Régénérer la génération %1 pour vérifier</translation>
    </message>
</context>
<context>
    <name>rs::ui::ReferenceMatchDialog</name>
    <message>
        <source>Closest Reference Images</source>
        <translation>Images de référence les plus proches</translation>
    </message>
    <message>
        <source>Image / reference</source>
        <translation>Image / référence</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Jeu</translation>
    </message>
    <message>
        <source>Tiled L2</source>
        <translation>Tiled L2</translation>
    </message>
    <message>
        <source>pHash distance</source>
        <translation>Distance pHash</translation>
    </message>
    <message>
        <source>Descriptor cosine</source>
        <translation>Cosinus du descripteur</translation>
    </message>
    <message>
        <source>Thresholds crossed</source>
        <translation>Seuils franchis</translation>
    </message>
    <message>
        <source>No reference image to compare with.</source>
        <translation>Aucune image de référence à comparer.</translation>
    </message>
    <message>
        <source>%1
Reference id %2</source>
        <translation>%1
Identifiant de référence %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
</context>
<context>
    <name>rs::ui::ReferenceSetModel</name>
    <message>
        <source>Source: %1</source>
        <translation>Source : %1</translation>
    </message>
    <message>
        <source>Size: %1 × %2 px</source>
        <translation>Taille : %1 × %2 px</translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation>Licence : %1</translation>
    </message>
    <message>
        <source>Occurs %1 times in the set</source>
        <translation>Apparaît %1 fois dans le jeu</translation>
    </message>
    <message>
        <source>SHA-256: %1</source>
        <translation>SHA-256 : %1</translation>
    </message>
</context>
<context>
    <name>rs::ui::ReferenceSetsView</name>
    <message>
        <source>mixed (%1 licences)</source>
        <translation>mixte (%1 licences)</translation>
    </message>
    <message>
        <source>Import Folder…</source>
        <translation>Importer un répertoire…</translation>
    </message>
    <message>
        <source>Import WebDataset Tars…</source>
        <translation>Importer des archives tar WebDataset…</translation>
    </message>
    <message>
        <source>Import Manifest…</source>
        <translation>Importer un manifeste…</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Jeu</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>Drop a folder here to import it, or image files to compare them with the sets.</source>
        <translation>Déposez ici un répertoire pour l&apos;importer, ou des fichiers image pour les comparer aux jeux.</translation>
    </message>
    <message>
        <source>No case is open.</source>
        <translation>Aucun dossier ouvert.</translation>
    </message>
    <message>
        <source>%1 distinct images, %2 occurrences</source>
        <translation>%1 images distinctes, %2 occurrences</translation>
    </message>
    <message>
        <source>The case has no reference sets yet.</source>
        <translation>Le dossier ne contient encore aucun jeu de référence.</translation>
    </message>
    <message>
        <source>Showing the first %1 images of &quot;%2&quot;.</source>
        <translation>Affichage des %1 premières images de « %2 ».</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2 images.</source>
        <translation>« %1 » : %2 images.</translation>
    </message>
    <message>
        <source>Reference Set Name</source>
        <translation>Nom du jeu de référence</translation>
    </message>
    <message>
        <source>Import into the reference set:</source>
        <translation>Importer dans le jeu de référence :</translation>
    </message>
    <message>
        <source>Import Reference Folder</source>
        <translation>Importer un répertoire de référence</translation>
    </message>
    <message>
        <source>Import WebDataset Tars</source>
        <translation>Importer des archives tar WebDataset</translation>
    </message>
    <message>
        <source>WebDataset shards (*.tar)</source>
        <translation>Fragments WebDataset (*.tar)</translation>
    </message>
    <message>
        <source>Import Manifest</source>
        <translation>Importer un manifeste</translation>
    </message>
    <message>
        <source>Manifests (*.csv *.jsonl);;All files (*)</source>
        <translation>Manifestes (*.csv *.jsonl);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <source>Open or create a case first.</source>
        <translation>Ouvrez ou créez d&apos;abord un dossier.</translation>
    </message>
    <message>
        <source>The reference set needs a name.</source>
        <translation>Le jeu de référence doit avoir un nom.</translation>
    </message>
    <message>
        <source>Another import is still running.</source>
        <translation>Une autre importation est encore en cours.</translation>
    </message>
    <message>
        <source>Import Summary</source>
        <translation>Résumé de l&apos;importation</translation>
    </message>
    <message>
        <source>Import Failed</source>
        <translation>Échec de l&apos;importation</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Comparer</translation>
    </message>
    <message>
        <source>Open a case with reference sets first.</source>
        <translation>Ouvrez d&apos;abord un dossier contenant des jeux de référence.</translation>
    </message>
    <message>
        <source>A comparison is still running.</source>
        <translation>Une comparaison est encore en cours.</translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n image(s) with the reference sets…</source>
        <translation>
            <numerusform>Comparaison de %n image avec les jeux de référence…</numerusform>
            <numerusform>Comparaison de %n images avec les jeux de référence…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rs::ui::ResultsGrid</name>
    <message>
        <source>Prompt:</source>
        <translation>Prompt :</translation>
    </message>
    <message>
        <source>Closest training image</source>
        <translation>Image d&apos;entraînement la plus proche</translation>
    </message>
    <message>
        <source>No prompt selected</source>
        <translation>Aucun prompt sélectionné</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n image(s))</source>
        <translation>
            <numerusform>%1 (%n image)</numerusform>
            <numerusform>%1 (%n images)</numerusform>
        </translation>
    </message>
    <message>
        <source>Generation %1: %2</source>
        <translation>Génération %1 : %2</translation>
    </message>
    <message>
        <source>Fewer than two generations: no distances yet</source>
        <translation>Moins de deux générations : pas encore de distances</translation>
    </message>
    <message>
        <source>Some images are missing: no distances</source>
        <translation>Des images manquent : pas de distances</translation>
    </message>
    <message>
        <source>No distances: %1</source>
        <translation>Pas de distances : %1</translation>
    </message>
    <message>
        <source>Select a generation</source>
        <translation>Sélectionnez une génération</translation>
    </message>
    <message>
        <source>No training image crosses a threshold for generation %1.</source>
        <translation>Aucune image d&apos;entraînement ne franchit un seuil pour la génération %1.</translation>
    </message>
    <message>
        <source>%1
tiled l2 %2 (threshold %3)</source>
        <translation>%1
tiled l2 %2 (seuil %3)</translation>
    </message>
    <message>
        <source>no image</source>
        <translation>aucune image</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>chargement…</translation>
    </message>
    <message>
        <source>No distances: generation %1 cannot be read (%2)</source>
        <translation>Pas de distances : la génération %1 est illisible (%2)</translation>
    </message>
    <message>
        <source>No distances stored for this run yet (they are stored when its prompt is analysed)</source>
        <translation>Aucune distance enregistrée pour cette exécution (elles le sont quand son prompt est analysé)</translation>
    </message>
</context>
<context>
    <name>rs::ui::ResultsModel</name>
    <message>
        <source>⚠ unreadable image</source>
        <translation>⚠ image illisible</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>chargement…</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>graine %1</translation>
    </message>
    <message>
        <source>Generation %1, seed %2</source>
        <translation>Génération %1, graine %2</translation>
    </message>
    <message>
        <source>Memorization score %1</source>
        <translation>Score de mémorisation %1</translation>
    </message>
    <message>
        <source>Member of flagged clique %1</source>
        <translation>Membre de la clique signalée %1</translation>
    </message>
    <message>
        <source>Closest training image: %1 (tiled l2 %2)</source>
        <translation>Image d&apos;entraînement la plus proche : %1 (tiled l2 %2)</translation>
    </message>
    <message>
        <source>The image file cannot be read: %1</source>
        <translation>Le fichier image ne peut pas être lu : %1</translation>
    </message>
</context>
<context>
    <name>rs::ui::ReviewQueueModel</name>
    <message>
        <source>generation #%1</source>
        <translation>génération n° %1</translation>
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
        <translation>Métrique</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Graine</translation>
    </message>
    <message>
        <source>Other side</source>
        <translation>Autre côté</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Memorization</source>
        <translation>Mémorisation</translation>
    </message>
</context>
<context>
    <name>rs::ui::ReviewQueueView</name>
    <message>
        <source>Keys: 1 replicated · 2 partial copy · 3 not a copy · 0 unsure · J/K or ↓/↑ next/previous · Ctrl+Z undo · Shift/Ctrl+click selects several rows</source>
        <translation>Touches : 1 répliqué · 2 copie partielle · 3 pas une copie · 0 incertain · J/K ou ↓/↑ suivant/précédent · Ctrl+Z annuler · Maj/Ctrl+clic sélectionne plusieurs lignes</translation>
    </message>
    <message>
        <source>all</source>
        <translation>tous</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Statut :</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Prompt :</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>Métrique :</translation>
    </message>
    <message>
        <source>Reference set:</source>
        <translation>Jeu de référence :</translation>
    </message>
    <message>
        <source>Recorded with each decision</source>
        <translation>Enregistré avec chaque décision</translation>
    </message>
    <message>
        <source>Comma-separated, added to each decided candidate</source>
        <translation>Séparées par des virgules, ajoutées à chaque candidat évalué</translation>
    </message>
    <message>
        <source>Reviewer:</source>
        <translation>Évaluateur :</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Note :</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Étiquettes :</translation>
    </message>
    <message>
        <source>Replicated (1)</source>
        <translation>Répliqué (1)</translation>
    </message>
    <message>
        <source>Partial copy (2)</source>
        <translation>Copie partielle (2)</translation>
    </message>
    <message>
        <source>Not a copy (3)</source>
        <translation>Pas une copie (3)</translation>
    </message>
    <message>
        <source>Unsure (0)</source>
        <translation>Incertain (0)</translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation>Annuler (Ctrl+Z)</translation>
    </message>
    <message>
        <source>All prompts</source>
        <translation>Tous les prompts</translation>
    </message>
    <message>
        <source>All metrics</source>
        <translation>Toutes les métriques</translation>
    </message>
    <message>
        <source>All reference sets</source>
        <translation>Tous les jeux de référence</translation>
    </message>
    <message numerus="yes">
        <source>%n candidate(s)</source>
        <translation>
            <numerusform>%n candidat</numerusform>
            <numerusform>%n candidats</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a case to review its candidates.</source>
        <translation>Ouvrez un dossier pour évaluer ses candidats.</translation>
    </message>
    <message>
        <source>Select the candidates to decide.</source>
        <translation>Sélectionnez les candidats à évaluer.</translation>
    </message>
    <message>
        <source>Tagged:</source>
        <translation>Étiqueté :</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>%1 ×</source>
        <translation>%1 ×</translation>
    </message>
    <message>
        <source>Tagged by %1 at %2 (UTC). Click to remove the tag.</source>
        <translation>Étiquetée par %1 le %2 (UTC). Cliquer pour retirer l’étiquette.</translation>
    </message>
</context>
<context>
    <name>rs::ui::ScanPanel</name>
    <message>
        <source>Prompts (one per line)</source>
        <translation>Prompts (un par ligne)</translation>
    </message>
    <message>
        <source>Type or paste prompts here, one per line</source>
        <translation>Saisissez ou collez les prompts ici, un par ligne</translation>
    </message>
    <message>
        <source>Load file…</source>
        <translation>Charger un fichier…</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lancer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Default model not installed</source>
        <translation>Modèle par défaut non installé</translation>
    </message>
    <message>
        <source>Open diffusers folder…</source>
        <translation>Ouvrir un répertoire diffusers…</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modèle :</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Device setting &quot;%1&quot; cannot be used: %2</source>
        <translation>Le paramètre de périphérique « %1 » ne peut pas être utilisé : %2</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Périphérique :</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Génération</translation>
    </message>
    <message>
        <source>Images per prompt (seeds 0 to N-1); Carlini et al. use 500</source>
        <translation>Images par prompt (graines 0 à N-1) ; Carlini et al. en utilisent 500</translation>
    </message>
    <message>
        <source>Seeds per prompt:</source>
        <translation>Graines par prompt :</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Étapes :</translation>
    </message>
    <message>
        <source>Guidance:</source>
        <translation>Guidage :</translation>
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
        <translation>Euler ancestral</translation>
    </message>
    <message>
        <source>As the model&apos;s scheduler config says</source>
        <translation>Selon la configuration du scheduler du modèle</translation>
    </message>
    <message>
        <source>Sampler:</source>
        <translation>Échantillonneur :</translation>
    </message>
    <message>
        <source>native</source>
        <translation>native</translation>
    </message>
    <message>
        <source>Size (width × height):</source>
        <translation>Taille (largeur × hauteur) :</translation>
    </message>
    <message>
        <source>Images per network batch; a cancelled run keeps every finished batch</source>
        <translation>Images par lot du réseau ; une exécution annulée conserve chaque lot terminé</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>Lot :</translation>
    </message>
    <message>
        <source>Negative prompt:</source>
        <translation>Prompt négatif :</translation>
    </message>
    <message>
        <source>Screen prompts first, then scan the top</source>
        <translation>Présélectionner d&apos;abord les prompts, puis analyser les premiers</translation>
    </message>
    <message>
        <source>Ranks the prompts by memorization score (Wen et al.) from one denoising step of four seeds each, and scans the highest first</source>
        <translation>Classe les prompts par score de mémorisation (Wen et al.) à partir d&apos;une étape de débruitage sur quatre graines chacun, et analyse d&apos;abord les plus élevés</translation>
    </message>
    <message>
        <source>all</source>
        <translation>tous</translation>
    </message>
    <message>
        <source>Open or create a case first.</source>
        <translation>Ouvrez ou créez d&apos;abord un dossier.</translation>
    </message>
    <message>
        <source>The case is open read-only.</source>
        <translation>Le dossier est ouvert en lecture seule.</translation>
    </message>
    <message>
        <source>Choose a model: the default model is not installed.</source>
        <translation>Choisissez un modèle : le modèle par défaut n&apos;est pas installé.</translation>
    </message>
    <message>
        <source>The model folder cannot be used.</source>
        <translation>Le répertoire du modèle ne peut pas être utilisé.</translation>
    </message>
    <message>
        <source>Enter at least one prompt.</source>
        <translation>Saisissez au moins un prompt.</translation>
    </message>
    <message>
        <source>Width and height must be multiples of 8.</source>
        <translation>La largeur et la hauteur doivent être des multiples de 8.</translation>
    </message>
    <message>
        <source>Default model (%1)</source>
        <translation>Modèle par défaut (%1)</translation>
    </message>
    <message>
        <source>Checking the model folder…</source>
        <translation>Vérification du répertoire du modèle…</translation>
    </message>
    <message>
        <source>Usable: %1</source>
        <translation>Utilisable : %1</translation>
    </message>
    <message>
        <source>This folder cannot be used: %1</source>
        <translation>Ce répertoire ne peut pas être utilisé : %1</translation>
    </message>
    <message>
        <source>Open diffusers folder</source>
        <translation>Ouvrir un répertoire diffusers</translation>
    </message>
    <message>
        <source>Load prompts</source>
        <translation>Charger des prompts</translation>
    </message>
    <message>
        <source>Text files (*.txt *.csv);;All files (*)</source>
        <translation>Fichiers texte (*.txt *.csv);;Tous les fichiers (*)</translation>
    </message>
    <message numerus="yes">
        <source>Loaded %n prompt(s) from %1.</source>
        <translation>
            <numerusform>%n prompt chargé depuis %1.</numerusform>
            <numerusform>%n prompts chargés depuis %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>A scan is already running.</source>
        <translation>Une analyse est déjà en cours.</translation>
    </message>
    <message>
        <source>Cancelling after the current denoising step…</source>
        <translation>Annulation après l&apos;étape de débruitage en cours…</translation>
    </message>
    <message>
        <source>%1 / %2 images · %3 images/s · ETA %4</source>
        <translation>%1 / %2 images · %3 images/s · temps restant %4</translation>
    </message>
    <message>
        <source>%1. %2 (score %3)</source>
        <translation>%1. %2 (score %3)</translation>
    </message>
    <message>
        <source>Highest memorization scores:</source>
        <translation>Scores de mémorisation les plus élevés :</translation>
    </message>
    <message>
        <source>guidance %1</source>
        <translation>guidage %1</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n étape</numerusform>
            <numerusform>%n étapes</numerusform>
        </translation>
    </message>
    <message>
        <source>Set as the model recommends: %1</source>
        <translation>Réglé comme le modèle le recommande : %1</translation>
    </message>
    <message>
        <source>DDIM&apos;s η: 0 samples deterministically from each seed&apos;s noise, 1 adds fresh noise at every step. Recorded with the run; other samplers ignore it.</source>
        <translation>η de DDIM : 0 échantillonne de façon déterministe à partir du bruit de chaque graine, 1 ajoute un bruit nouveau à chaque pas. Enregistré avec l&apos;exécution ; les autres échantillonneurs l&apos;ignorent.</translation>
    </message>
    <message>
        <source>DDIM η:</source>
        <translation>η de DDIM :</translation>
    </message>
</context>
<context>
    <name>rs::ui::ScanWorker</name>
    <message>
        <source>The scan stopped with an internal error: %1</source>
        <translation>L&apos;analyse s&apos;est arrêtée sur une erreur interne : %1</translation>
    </message>
    <message>
        <source>Unknown sampler &quot;%1&quot;.</source>
        <translation>Échantillonneur inconnu « %1 ».</translation>
    </message>
    <message>
        <source>Opening the case…</source>
        <translation>Ouverture du dossier…</translation>
    </message>
    <message>
        <source>Importing the default model&apos;s training set…</source>
        <translation>Importation du jeu d&apos;entraînement du modèle par défaut…</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Chargement du modèle…</translation>
    </message>
    <message numerus="yes">
        <source>Screening %n prompt(s) for memorization…</source>
        <translation>
            <numerusform>Présélection de %n prompt pour la mémorisation…</numerusform>
            <numerusform>Présélection de %n prompts pour la mémorisation…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled while screening prompts; nothing was generated.</source>
        <translation>Annulé pendant la présélection des prompts ; rien n&apos;a été généré.</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Génération en cours…</translation>
    </message>
    <message>
        <source>The scan failed: %1</source>
        <translation>L&apos;analyse a échoué : %1</translation>
    </message>
    <message numerus="yes">
        <source>Run %1%2: %n prompt(s), %3 images made, %4 already stored, %5 prompts flagged, %6 candidates, %7 s.</source>
        <translation>
            <numerusform>Exécution %1%2 : %n prompt, %3 images produites, %4 déjà stockées, %5 prompts signalés, %6 candidats, %7 s.</numerusform>
            <numerusform>Exécution %1%2 : %n prompts, %3 images produites, %4 déjà stockées, %5 prompts signalés, %6 candidats, %7 s.</numerusform>
        </translation>
    </message>
    <message>
        <source> (resumed)</source>
        <translation> (reprise)</translation>
    </message>
    <message>
        <source>Cancelled: the run is kept and can be resumed with the same parameters.</source>
        <translation>Annulé : l&apos;exécution est conservée et peut être reprise avec les mêmes paramètres.</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Avertissement : %1</translation>
    </message>
    <message>
        <source>The scan cannot start: %1</source>
        <translation>Le scan ne peut pas démarrer : %1</translation>
    </message>
    <message>
        <source>The case could not be read or written: %1</source>
        <translation>Le dossier n&apos;a pas pu être lu ou écrit : %1</translation>
    </message>
    <message>
        <source>The scan was cancelled: %1</source>
        <translation>Le scan a été annulé : %1</translation>
    </message>
</context>
<context>
    <name>rs::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>&amp;Thresholds</source>
        <translation>&amp;Seuils</translation>
    </message>
    <message>
        <source>&amp;Generation</source>
        <translation>&amp;Génération</translation>
    </message>
    <message>
        <source>&amp;Review and Language</source>
        <translation>É&amp;valuation et langue</translation>
    </message>
    <message>
        <source>Tiled ℓ2 distance</source>
        <translation>Distance tiled ℓ2</translation>
    </message>
    <message>
        <source>Two images count as the same picture when the worst of their 4×4 tiles differs by at most this (Carlini et al. use 0.15; lower is stricter).</source>
        <translation>Deux images sont considérées comme la même image lorsque la plus divergente de leurs tuiles 4×4 diffère d&apos;au plus cette valeur (Carlini et al. utilisent 0,15 ; plus bas est plus strict).</translation>
    </message>
    <message>
        <source>Clique size</source>
        <translation>Taille de clique</translation>
    </message>
    <message>
        <source>A prompt is flagged as memorized when at least this many of its generations are the same picture (Carlini et al.: 10 of 500).</source>
        <translation>Un prompt est signalé comme mémorisé lorsqu&apos;au moins ce nombre de ses générations montrent la même image (Carlini et al. : 10 sur 500).</translation>
    </message>
    <message>
        <source>Copy-detection similarity</source>
        <translation>Similarité de détection de copie</translation>
    </message>
    <message>
        <source>Descriptor cosine similarity above which a generation is reported as a replication of a reference image (Somepalli et al.: 0.5).</source>
        <translation>Similarité cosinus des descripteurs au-delà de laquelle une génération est signalée comme réplication d&apos;une image de référence (Somepalli et al. : 0,5).</translation>
    </message>
    <message>
        <source>High-confidence similarity</source>
        <translation>Similarité de haute confiance</translation>
    </message>
    <message>
        <source>Above this similarity a match is marked high confidence (about 90 % precision on the DISC copy-detection benchmark).</source>
        <translation>Au-delà de cette similarité, une correspondance est marquée de haute confiance (environ 90 % de précision sur le benchmark de détection de copie DISC).</translation>
    </message>
    <message>
        <source>Perceptual hash distance</source>
        <translation>Distance de hachage perceptuel</translation>
    </message>
    <message>
        <source>Near-duplicate when the 64-bit perceptual hashes differ in at most this many bits; catches resized and re-encoded copies.</source>
        <translation>Quasi-doublon lorsque les hachages perceptuels de 64 bits diffèrent d&apos;au plus ce nombre de bits ; détecte les copies redimensionnées et réencodées.</translation>
    </message>
    <message>
        <source>Seeds per prompt</source>
        <translation>Graines par prompt</translation>
    </message>
    <message>
        <source>Images generated for every prompt; Carlini et al. used 500. More seeds find rarer copies.</source>
        <translation>Images générées pour chaque prompt ; Carlini et al. en ont utilisé 500. Davantage de graines trouvent des copies plus rares.</translation>
    </message>
    <message>
        <source>Denoising steps</source>
        <translation>Étapes de débruitage</translation>
    </message>
    <message>
        <source>Sampler steps per image.</source>
        <translation>Étapes d&apos;échantillonnage par image.</translation>
    </message>
    <message>
        <source>Guidance scale</source>
        <translation>Échelle de guidage</translation>
    </message>
    <message>
        <source>Classifier-free guidance; 1 or less disables it. Memorized prompts show up at the model&apos;s usual setting.</source>
        <translation>Guidage sans classifieur ; 1 ou moins le désactive. Les prompts mémorisés apparaissent avec le réglage habituel du modèle.</translation>
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
        <translation>Euler ancestral</translation>
    </message>
    <message>
        <source>Sampler</source>
        <translation>Échantillonneur</translation>
    </message>
    <message>
        <source>Automatic (GPU when present)</source>
        <translation>Automatique (GPU si présent)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>GPU CUDA</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Périphérique</translation>
    </message>
    <message>
        <source>Reviewer name</source>
        <translation>Nom de l&apos;évaluateur</translation>
    </message>
    <message>
        <source>Recorded with every review decision in the case&apos;s audit log.</source>
        <translation>Enregistré avec chaque décision d&apos;évaluation dans le journal d&apos;audit du dossier.</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Takes effect the next time ReplicaScope starts.</source>
        <translation>Prend effet au prochain démarrage de ReplicaScope.</translation>
    </message>
</context>
<context>
    <name>rs::ui::ThumbnailLoader</name>
    <message>
        <source>unreadable image</source>
        <translation>image illisible</translation>
    </message>
</context>
<context>
    <name>rs::ui::VerifyDialog</name>
    <message>
        <source>Verify Case</source>
        <translation>Vérifier le dossier</translation>
    </message>
    <message>
        <source>Checking the audit log and every stored image of %1…</source>
        <translation>Vérification du journal d&apos;audit et de chaque image stockée de %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>The case could not be verified: %1</source>
        <translation>Le dossier n&apos;a pas pu être vérifié : %1</translation>
    </message>
    <message>
        <source>Verification was cancelled; the result is incomplete.</source>
        <translation>La vérification a été annulée ; le résultat est incomplet.</translation>
    </message>
    <message>
        <source>OK — the audit log (%1 entries) is intact and all %2 stored images match their SHA-256.
Audit log head: %3</source>
        <translation>OK — le journal d&apos;audit (%1 entrées) est intact et les %2 images stockées correspondent toutes à leur SHA-256.
Tête du journal d&apos;audit : %3</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found. The case has been altered or damaged since it was recorded.</source>
        <translation>
            <numerusform>%n problème trouvé. Le dossier a été modifié ou endommagé depuis son enregistrement.</numerusform>
            <numerusform>%n problèmes trouvés. Le dossier a été modifié ou endommagé depuis son enregistrement.</numerusform>
        </translation>
    </message>
</context>
</TS>
