<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
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
        <translation>Le dossier %1 n&apos;existe pas.</translation>
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
        <translation>Dossier des images :</translation>
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
