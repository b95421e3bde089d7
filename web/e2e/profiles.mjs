// Agent profiles in the browser (issue 14), a scenario of run.mjs: an admin opens Agent
// profiles from the menu, creates a profile (a bad "fields to extract" line first: the form
// says which line), edits it, then creates a campaign that picks it; the campaigns table
// names the profile and the server holds the campaign's agent_profile_id. The new-call dialog
// offers the profile too. Screenshots of each step go to --out.
import { SUPER_PASSWORD, check, login, rest, shot, startServer, watch } from './harness.mjs';

export async function profiles(browser) {
  console.log('profiles: an admin creates an agent profile and a campaign that uses it');
  const server = await startServer([]);
  const errors = [];
  try {
    const su = await rest(server.url, 'POST', '/api/auth/login', { username: 'superadmin', password: SUPER_PASSWORD });
    check(su.status === 200, 'superadmin logs in over REST');
    const made = await rest(server.url, 'POST', '/api/users',
      { username: 'profile-admin', password: 'profile-admin-pw-1', role: 'admin' }, su.body.token);
    check(made.status === 201, 'an admin is created');

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    watch(page, 'profiles', errors);
    await login(page, server.url, 'profile-admin', 'profile-admin-pw-1');
    await page.getByRole('link', { name: 'Agent profiles' }).click();
    await page.getByRole('heading', { name: 'Agent profiles' }).waitFor();
    await page.getByText('No agent profiles yet').waitFor();
    await shot(page, 'profiles-empty');

    await page.getByRole('button', { name: 'New profile' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByLabel('Agent name').fill('Anna');
    await dlg.getByLabel('Company').fill('Solar GmbH');
    await dlg.getByLabel('Objective').fill('Book an on-site visit with the homeowner.');
    await dlg.getByLabel('Benefits and offer').fill('Free installation this month; 25-year warranty.');
    await dlg.getByLabel('Handling objections').fill('Too expensive: mention the financing plan.');
    check(await dlg.getByLabel('Language').inputValue() === 'auto', 'language defaults to auto');
    await dlg.getByLabel('Voice').fill('Kore');
    await dlg.getByLabel('Greeting').fill('Guten Tag, hier ist Anna von Solar GmbH.');
    await dlg.getByLabel('Fields to extract').fill('email string');
    await dlg.getByRole('button', { name: 'Create' }).click();
    await dlg.getByRole('alert').filter({ hasText: 'line 1' }).waitFor();
    await shot(page, 'profile-form-error');
    await dlg.getByLabel('Fields to extract').fill('email: string - the e-mail address\nvisit_day: date');
    await shot(page, 'profile-form');
    await dlg.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'Anna', exact: true }).waitFor();
    const row = page.getByRole('row', { name: /Anna/ });
    check(await row.getByRole('cell', { name: 'Auto (from the number)' }).count() === 1,
      'the list shows language auto');
    check(await row.getByRole('cell', { name: '2', exact: true }).count() === 1, 'two fields to extract');
    await shot(page, 'profiles');

    // Edit: the form comes back filled in; a change is saved.
    await page.getByRole('button', { name: 'Edit Anna' }).click();
    check(await dlg.getByLabel('Company').inputValue() === 'Solar GmbH', 'the edit form is filled in');
    await dlg.getByLabel('Language').selectOption('de-DE');
    await dlg.getByRole('button', { name: 'Save' }).click();
    await row.getByRole('cell', { name: 'de-DE' }).waitFor();
    const token = (await rest(server.url, 'POST', '/api/auth/login',
      { username: 'profile-admin', password: 'profile-admin-pw-1' })).body.token;
    const listed = await rest(server.url, 'GET', '/api/agent-profiles', undefined, token);
    check(listed.body.items.length === 1 && listed.body.items[0].language === 'de-DE' &&
      listed.body.items[0].extraction_schema.length === 2, 'the server holds the edited profile');
    const profileId = listed.body.items[0].id;

    // A campaign that picks it.
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
    await page.getByRole('button', { name: 'New campaign' }).click();
    await dlg.getByLabel('Name', { exact: true }).fill('Solar Berlin');
    await dlg.getByLabel('Agent profile').selectOption({ label: 'Anna (Solar GmbH)' });
    await dlg.getByLabel('Extra instructions (added to the profile)').fill('Mention the Berlin subsidy.');
    await shot(page, 'campaign-form-with-profile');
    await dlg.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Solar Berlin' }).waitFor();
    const crow = page.getByRole('row', { name: /Solar Berlin/ });
    check(await crow.getByRole('cell', { name: 'Anna', exact: true }).count() === 1,
      'the campaigns table names the profile');
    await shot(page, 'campaigns-with-profile');
    const campaigns = await rest(server.url, 'GET', '/api/campaigns', undefined, token);
    const c = campaigns.body.items.find((x) => x.name === 'Solar Berlin');
    check(c && c.agent_profile_id === profileId, 'the campaign points at the profile');
    check(c.agent.system_prompt === 'Mention the Berlin subsidy.', 'its own text is kept beside it');

    // Deleting the profile of an active campaign is refused (409), shown in the dialog.
    const lead = await rest(server.url, 'POST', '/api/leads',
      { name: 'Max Mustermann', phone: '+4930123456' }, token);
    check(lead.status === 201, 'a lead is added');
    const joined = await rest(server.url, 'PUT', `/api/campaigns/${c.id}/leads`, { lead_ids: [lead.body.id] }, token);
    check(joined.status === 200, 'the lead joins the campaign');
    // Without a call layer (no trunk here) the dialer only marks the campaign active.
    const started = await rest(server.url, 'POST', `/api/campaigns/${c.id}/start`, undefined, token);
    check(started.status === 200, `the campaign starts (${started.status} ${JSON.stringify(started.body)})`);
    {
      await page.getByRole('link', { name: 'Agent profiles' }).click();
      await page.getByRole('button', { name: 'Delete Anna' }).click();
      await dlg.getByRole('button', { name: 'Delete' }).click();
      await dlg.getByRole('alert').filter({ hasText: 'active or paused campaign' }).waitFor();
      await shot(page, 'profile-delete-in-use');
      await dlg.getByRole('button', { name: 'Cancel' }).click();
      check((await rest(server.url, 'GET', `/api/agent-profiles/${profileId}`, undefined, token)).status === 200,
        'the profile is still there');
    }

    // The new-call dialog offers the profile.
    await page.getByRole('link', { name: 'Calls' }).click();
    await page.getByRole('heading', { name: 'Calls' }).waitFor();
    await page.getByRole('button', { name: 'New call' }).click();
    await dlg.getByLabel('Agent profile').selectOption({ label: 'Anna (Solar GmbH)' });
    await dlg.getByLabel('Extra instructions (added to the profile)').waitFor();
    await shot(page, 'call-dialog-with-profile');
    await dlg.getByRole('button', { name: 'Cancel' }).click();
    if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
    await ctx.close();
  } finally {
    await server.stop();
  }
}
