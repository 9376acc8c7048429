<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>rs::ui::CaseDetailsDialog</name>
    <message>
        <source>New Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the case file is saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case &amp;file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case &amp;number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Examiner:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created (UTC):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to save the case file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists; choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the case number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the case a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the examiner responsible for the case.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Case As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ReplicaScope cases (*.rscase)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rs::ui::CaseOverview</name>
    <message>
        <source>Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examiner:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created (UTC):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 at the head of the append-only audit log. Any later change to the case changes it; quote it to refer to exactly this state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log head:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No case is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n entries)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rs::ui::CaseSession</name>
    <message>
        <source>No case is open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rs::ui::MainWindow</name>
    <message>
        <source>&amp;Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Case…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Case…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify Case…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recompute the audit log&apos;s hash chain and the SHA-256 of every stored image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About ReplicaScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About ReplicaScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;ReplicaScope %1&lt;/h3&gt;&lt;p&gt;Audits text-to-image diffusion models for reproduced training images.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — ReplicaScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The case could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ReplicaScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No case is open. Create one with File › New Case or open one with File › Open Case.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Open Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Create Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ReplicaScope cases (*.rscase);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Save Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rs::ui::VerifyDialog</name>
    <message>
        <source>Verify Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the audit log and every stored image of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The case could not be verified: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification was cancelled; the result is incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK — the audit log (%1 entries) is intact and all %2 stored images match their SHA-256.
Audit log head: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found. The case has been altered or damaged since it was recorded.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
