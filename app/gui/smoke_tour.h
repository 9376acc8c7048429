#pragma once
// `replicascope --smoke-tour DIR`: drives the open window through the main flows the way a
// person would (every tab; a scan run from the Scan tab on the preselected model; a result and a
// review candidate selected; the Settings, Case Details, Export and Verify dialogs opened) and
// saves a screenshot of each step in DIR, then quits: 0 when every step ran and every picture was
// saved. For tests/ui/smoke_screenshots.sh under Xvfb; it only finds widgets by object name and
// menu actions by their text, as a user would.
#include <QString>

class QMainWindow;

namespace rs::app {

void startSmokeTour(QMainWindow* window, const QString& outDir);

}  // namespace rs::app
