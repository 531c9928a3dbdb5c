import { expect, it } from 'vitest';
import { describeInBrowser, openPage } from './fixtures/browser';

describeInBrowser('links survive reloads and new tabs', (engine) => {
  it('F5 on a decision page and the same link in a new tab both show the decision, signed in; logout ends both', async () => {
    const decision = ((await engine().get('/api/decisions?status=blocked&limit=1')).items as Array<{ decision_id: string }>)[0]?.decision_id as string;
    expect(decision).toBeTruthy();
    const { page, close } = await openPage(engine().loginUrl());
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    const link = `${engine().url}/decisions/${encodeURIComponent(decision)}`;
    await page.goto(link);
    const heading = page.getByRole('heading', { name: decision });
    await heading.waitFor();

    await page.reload();
    await heading.waitFor();
    expect(await page.locator('body').textContent()).not.toContain('"error"');

    // Ctrl+click / a second tab: same browser, same origin, the login link already spent.
    const second = await page.context().newPage();
    await second.goto(link);
    await second.getByRole('heading', { name: decision }).waitFor();
    await second.getByText('Findings').waitFor();

    // The session is out of reach of page scripts.
    expect(await second.evaluate('document.cookie')).toBe('');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await second.reload();
    await second.getByRole('button', { name: 'Sign in' }).waitFor();
    await close();
  });

  it('an API key typed into the sign-in form survives a reload too', async () => {
    const { page, close } = await openPage(`${engine().url}/review`);
    await page.getByLabel('API key').fill(engine().adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    await page.reload();
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/review');
    await close();
  });
});
