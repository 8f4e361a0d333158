/** The editor: sign in, then the workspace (site, campaigns, audiences, versions). */
import { useEffect, useState } from 'preact/hooks';
import { checkSession } from './store/auth.ts';
import { loadDraft } from './store/draft.ts';
import { view } from './store/navigation.ts';
import { notify } from './store/notices.ts';
import { who } from './store/session.ts';
import { SignIn } from './screens/sign-in.tsx';
import { TopBar } from './panels/top-bar.tsx';
import { SiteScreen } from './screens/site.tsx';
import { CampaignsScreen } from './screens/campaigns.tsx';
import { AudiencesScreen } from './screens/audiences.tsx';
import { ProgrammeScreen } from './screens/programme.tsx';
import { VersionsScreen } from './screens/versions.tsx';
import { ResultsScreen } from './screens/results.tsx';
import { TeamScreen } from './screens/team.tsx';
import { ProductsScreen } from './screens/products.tsx';
import { Notices } from './ui/notices.tsx';

export function App() {
  const [checking, setChecking] = useState(true);
  useEffect(() => {
    void checkSession().finally(() => setChecking(false));
  }, []);
  useEffect(() => {
    if (who.value) loadDraft().catch((e: Error) => notify('error', `Could not load the draft: ${e.message}`));
  }, [who.value]);

  if (checking)
    return (
      <div class="splash" aria-busy="true">
        Loading…
      </div>
    );
  if (!who.value) return <SignIn />;
  return (
    <div class="workspace">
      <TopBar />
      <main class="screen">
        {view.value === 'site' && <SiteScreen />}
        {view.value === 'campaigns' && <CampaignsScreen />}
        {view.value === 'audiences' && <AudiencesScreen />}
        {view.value === 'programme' && <ProgrammeScreen />}
        {view.value === 'products' && <ProductsScreen />}
        {view.value === 'results' && <ResultsScreen />}
        {view.value === 'versions' && <VersionsScreen />}
        {view.value === 'team' && <TeamScreen />}
      </main>
      <Notices />
    </div>
  );
}
