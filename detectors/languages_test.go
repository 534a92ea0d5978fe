package detectors

import (
	"testing"
)

// Bank and fintech developer portals that are not in English, one page per language, worded
// the way such portals word their header, sidebar and footer. met lists what a careful native
// reader marks met from the page alone; notMet holds the near misses of that language: a
// payment-status endpoint is not a status page, an account's spending or transfer limits are
// not API rate limits, contactless payment is not a contact link, a fee field or a bank's fee
// data set is not API pricing, cookie settings are not a privacy policy, opening a bank account
// is not signing up to the portal, a transaction history is not a changelog.
func TestLocalisedPortals(t *testing.T) {
	runPageCases(t, []pageCase{
		{
			name: "de psd2 portal",
			url:  "https://developer.nordbank.de/dokumentation/zahlungsausloesung",
			html: `<html lang="de"><head><meta charset="utf-8"><title>Zahlungsauslösung (PIS) | Nordbank Developer Portal</title></head><body>
<header class="portal-header">
 <div class="container"><a class="brand" href="/"><img src="/assets/logo.svg" alt="Nordbank"> Developer Portal</a>
  <nav class="main-nav" aria-label="Hauptnavigation"><ul>
   <li><a href="/apis">API-Katalog</a></li>
   <li><a href="/dokumentation" class="active">Dokumentation</a></li>
   <li><a href="/preise">Preise</a></li>
   <li><a href="/faq">FAQ</a></li>
  </ul></nav>
  <form class="header-search" role="search" action="/suche" method="get">
   <label for="q" class="visually-hidden">Suche</label>
   <input type="search" id="q" name="q" placeholder="Dokumentation durchsuchen …">
   <button type="submit" aria-label="Suchen"><span class="icon-search"></span></button>
  </form>
  <div class="user-actions"><a class="btn btn-link" href="/anmelden">Anmelden</a> <a class="btn btn-primary" href="/registrieren">Registrieren</a></div>
 </div>
</header>
<div class="layout">
 <aside class="sidebar"><nav aria-label="Dokumentation">
  <p class="sidebar-title">Einstieg</p>
  <ul>
   <li><a href="/dokumentation/erste-schritte">Erste Schritte</a></li>
   <li><a href="/dokumentation/authentifizierung">Authentifizierung</a></li>
   <li><a href="/dokumentation/eidas-zertifikate">eIDAS-Zertifikate (QWAC/QSealC)</a></li>
   <li><a href="/dokumentation/sandbox">Sandbox</a></li>
  </ul>
  <p class="sidebar-title">PSD2-Schnittstellen</p>
  <ul>
   <li><a href="/dokumentation/kontoinformationen">Kontoinformationen (AIS)</a></li>
   <li><a href="/dokumentation/zahlungsausloesung" aria-current="page">Zahlungsauslösung (PIS)</a></li>
   <li><a href="/dokumentation/deckungspruefung">Deckungsprüfung (PIIS)</a></li>
   <li><a href="/dokumentation/konto-limits">Konto-Limits abrufen</a></li>
  </ul>
  <p class="sidebar-title">Referenz</p>
  <ul>
   <li><a href="/dokumentation/fehlercodes">Fehlercodes</a></li>
   <li><a href="/dokumentation/aenderungsprotokoll">Änderungsprotokoll</a></li>
  </ul>
 </nav></aside>
 <main class="content">
  <nav class="breadcrumb"><a href="/dokumentation">Dokumentation</a> › PSD2-Schnittstellen › Zahlungsauslösung</nav>
  <h1>Zahlungsauslösung (PIS)</h1>
  <p>Mit der Zahlungsauslösung können lizenzierte Zahlungsauslösedienste (PISP) im Auftrag unserer Kunden SEPA-Überweisungen und Echtzeitüberweisungen auslösen. Die Schnittstelle folgt dem Berlin-Group-Standard NextGenPSD2 in Version 1.3.12.</p>
  <h2 id="zahlung-ausloesen">Zahlung auslösen</h2>
  <pre><code>POST /v1/payments/sepa-credit-transfers
Content-Type: application/json
X-Request-ID: 99391c7e-ad88-49ec-a2ad-99ddcb1f7721</code></pre>
  <p>Die Überweisung unterliegt dem mit dem Kunden vereinbarten Tageslimit seines Kontos.</p>
  <h2 id="zahlungsstatus-abfragen">Zahlungsstatus abfragen</h2>
  <p>Den Status einer Zahlung fragen Sie mit <code>GET /v1/payments/sepa-credit-transfers/{paymentId}/status</code> ab. Mögliche Werte von <code>transactionStatus</code> sind <code>RCVD</code>, <code>ACTC</code>, <code>ACSC</code> und <code>RJCT</code>.</p>
  <h2 id="sca">Starke Kundenauthentifizierung</h2>
  <p>Die Freigabe durch den Kunden erfolgt per Redirect oder entkoppelt in der Nordbank-App.</p>
 </main>
</div>
<footer class="portal-footer">
 <div class="container">
  <ul class="footer-links">
   <li><a href="/kontakt">Kontakt</a></li>
   <li><a href="https://status.nordbank.de">Systemstatus</a></li>
   <li><a href="/nutzungsbedingungen">Nutzungsbedingungen</a></li>
   <li><a href="https://www.nordbank.de/rechtliches/hinweise-dsgvo">Datenschutzerklärung</a></li>
   <li><a href="https://www.nordbank.de/impressum">Impressum</a></li>
   <li><a href="#" class="js-cookie-settings">Cookie-Einstellungen</a></li>
  </ul>
  <p>© 2025 Nordbank AG</p>
 </div>
</footer>
</body></html>`,
			met: []string{"find-site-search", "com-pricing-page", "trust-api-terms", "trust-privacy", "onb-self-signup", "onb-quickstart",
				"onb-auth-guide", "ref-error-catalog", "chg-changelog", "ops-status-page", "try-sandbox", "sup-contact"},
			notMet: []string{"lim-rate-limits", "cmty-forum"},
		},
		{
			name: "de api reference with bank chrome",
			url:  "https://developer.nordbank.de/api/konten-und-zahlungen",
			html: `<html lang="de"><head><meta charset="utf-8"><title>Konten- und Zahlungs-API v1 – Referenz</title></head><body>
<div class="cookie-banner" role="dialog" aria-label="Cookie-Hinweis">
 <p>Wir verwenden Cookies, um Ihnen die bestmögliche Nutzung unserer Website zu ermöglichen.</p>
 <button type="button" class="btn btn-primary">Alle akzeptieren</button>
 <a href="/cookie-einstellungen" class="btn btn-secondary">Cookie-Einstellungen</a>
 <a href="/datenschutz-einstellungen" class="btn btn-link">Datenschutz-Einstellungen</a>
</div>
<header class="bank-header">
 <a href="https://www.nordbank.de/"><img src="/assets/logo.svg" alt="Nordbank"></a>
 <nav><ul>
  <li><a href="https://www.nordbank.de/privatkunden/girokonto">Girokonto</a></li>
  <li><a href="https://www.nordbank.de/privatkunden/karten/kontaktlos-bezahlen">Kontaktlos bezahlen</a></li>
  <li><a href="https://www.nordbank.de/privatkunden/girokonto/eroeffnen" class="btn">Girokonto eröffnen</a></li>
 </ul></nav>
</header>
<div class="api-reference">
 <div class="menu-content"><ul class="operations">
  <li><a href="#operation/listAccounts"><span class="http-verb get">get</span> Konten auflisten</a></li>
  <li><a href="#operation/getTransactions"><span class="http-verb get">get</span> Transaktionshistorie abrufen</a></li>
  <li><a href="#operation/searchTransactions"><span class="http-verb get">get</span> Umsätze durchsuchen</a></li>
  <li><a href="#operation/getAccountLimits"><span class="http-verb get">get</span> Konto-Limits abrufen</a></li>
  <li><a href="#operation/listProducts"><span class="http-verb get">get</span> Kontomodelle auflisten</a></li>
  <li><a href="#operation/initiatePayment"><span class="http-verb post">post</span> Zahlung auslösen</a></li>
  <li><a href="#operation/getPaymentStatus"><span class="http-verb get">get</span> Zahlungsstatus abfragen</a></li>
 </ul></div>
 <div class="api-content">
  <h1>Konten- und Zahlungs-API (1.4.0)</h1>
  <p>Basis-URL der Sandbox: <code>https://sandbox.nordbank.de/v1</code>, Produktion: <code>https://api.nordbank.de/v1</code>.</p>
  <h2 id="operation/getAccountLimits">Konto-Limits abrufen</h2>
  <p>Liefert das Tageslimit und das Verfügungslimit des Kontos für Überweisungen und Kartenzahlungen.</p>
  <table class="schema"><tr><td>tageslimit</td><td>number</td><td>Tageslimit für Überweisungen in EUR</td></tr>
   <tr><td>kartenlimit</td><td>number</td><td>Verfügungsrahmen der Debitkarte pro Woche</td></tr></table>
  <h2 id="operation/listProducts">Kontomodelle auflisten</h2>
  <table class="schema"><tr><td>name</td><td>string</td><td>Name des Kontomodells</td></tr>
   <tr><td>preis</td><td>number</td><td>Preis des Kontomodells pro Monat in EUR</td></tr>
   <tr><td>kontaktlos</td><td>boolean</td><td>Karte unterstützt kontaktloses Bezahlen</td></tr></table>
  <h2 id="operation/getPaymentStatus">Zahlungsstatus abfragen</h2>
  <p>Gibt den aktuellen Status der Zahlung zurück (<code>ACSC</code>, <code>RJCT</code>, …).</p>
  <h2 id="operation/getTransactions">Transaktionshistorie abrufen</h2>
  <p>Liefert die Umsätze der letzten 90 Tage.</p>
 </div>
</div>
</body></html>`,
			met: []string{"try-sandbox"},
			notMet: []string{"ops-status-page", "lim-rate-limits", "sup-contact", "com-pricing-page", "trust-privacy", "onb-self-signup",
				"chg-changelog", "find-site-search", "cmty-forum"},
		},
		{
			name: "fr open banking portal",
			url:  "https://developer.banque-azur.fr/documentation/demarrer",
			html: `<html lang="fr"><head><meta charset="utf-8"><title>Démarrer avec les API | Banque Azur Developers</title></head><body>
<header id="header" class="site-header">
 <div class="region region-header">
  <a href="/" rel="home" class="site-logo"><img src="/themes/custom/azur/logo.svg" alt="Accueil"></a>
  <nav role="navigation" aria-labelledby="block-main-menu" class="block-menu"><h2 id="block-main-menu" class="visually-hidden">Navigation principale</h2>
   <ul class="menu">
    <li class="menu-item"><a href="/">Accueil</a></li>
    <li class="menu-item"><a href="/api-catalogue">Catalogue d'API</a></li>
    <li class="menu-item menu-item--active-trail"><a href="/documentation">Documentation</a></li>
    <li class="menu-item"><a href="/tarifs">Tarifs</a></li>
   </ul>
  </nav>
  <div class="search-block-form" role="search">
   <form action="/recherche" method="get" accept-charset="UTF-8">
    <label for="edit-keys" class="visually-hidden">Rechercher</label>
    <input title="Saisir les termes à rechercher." placeholder="Rechercher" type="search" id="edit-keys" name="keys" size="15" class="form-search">
    <input type="submit" value="Rechercher" class="button js-form-submit form-submit">
   </form>
  </div>
  <nav class="block-account-menu"><ul class="menu">
   <li><a href="/user/login">Se connecter</a></li>
   <li><a href="/user/register" class="button button--primary">S'inscrire</a></li>
  </ul></nav>
 </div>
</header>
<div class="layout-container">
 <aside class="layout-sidebar-first" role="complementary"><nav class="book-navigation">
  <ul class="menu">
   <li><a href="/documentation/demarrer" class="is-active">Démarrer</a></li>
   <li><a href="/documentation/authentification">Authentification OAuth 2.0</a></li>
   <li><a href="/documentation/bac-a-sable">Bac à sable</a></li>
   <li><a href="/documentation/codes-erreur">Codes d'erreur</a></li>
   <li><a href="/documentation/journal-des-modifications">Journal des modifications</a></li>
  </ul>
  <h3>API Paiements</h3>
  <ul class="menu">
   <li><a href="/documentation/paiements/initier-virement">Initier un virement</a></li>
   <li><a href="/documentation/paiements/statut-virement">Consulter le statut d'un virement</a></li>
   <li><a href="/documentation/paiements/plafonds">Plafonds de virement</a></li>
  </ul>
 </nav></aside>
 <main role="main" class="layout-content">
  <h1 class="page-title">Démarrer avec les API Banque Azur</h1>
  <p>Ce guide vous accompagne de la création de votre compte à votre premier appel d'API en quelques minutes.</p>
  <h2>1. Créer votre application</h2>
  <p>Une fois inscrit, créez une application dans votre espace pour obtenir un <code>client_id</code> et un <code>client_secret</code>.</p>
  <h2>2. Obtenir un jeton d'accès</h2>
  <pre><code>curl -X POST https://sandbox.banque-azur.fr/oauth2/token -d grant_type=client_credentials</code></pre>
  <h2>3. Initier votre premier virement</h2>
  <p>Les virements restent soumis aux plafonds du compte du client (plafond journalier de 15 000 €).</p>
 </main>
</div>
<footer class="site-footer" role="contentinfo">
 <nav><ul class="menu">
  <li><a href="https://communaute.banque-azur.fr/">Forum des développeurs</a></li>
  <li><a href="https://www.banque-azur.fr/disponibilite-des-services">Statut des services</a></li>
  <li><a href="/contact">Nous contacter</a></li>
  <li><a href="/conditions-generales-utilisation">Conditions générales d'utilisation</a></li>
  <li><a href="https://www.banque-azur.fr/politique-de-confidentialite">Politique de confidentialité</a></li>
  <li><a href="https://www.banque-azur.fr/mentions-legales">Mentions légales</a></li>
  <li><a href="#" class="tarteaucitronOpenPanel">Gestion des cookies</a></li>
 </ul></nav>
 <p>© Banque Azur 2025</p>
</footer>
</body></html>`,
			met: []string{"find-site-search", "com-pricing-page", "trust-api-terms", "trust-privacy", "onb-self-signup", "onb-quickstart",
				"onb-auth-guide", "ref-error-catalog", "chg-changelog", "ops-status-page", "try-sandbox", "sup-contact", "cmty-forum"},
			notMet: []string{"lim-rate-limits"},
		},
		{
			name: "es psd2 portal",
			url:  "https://developers.bancosol.es/docs/primeros-pasos",
			html: `<html lang="es" dir="ltr" class="docs-wrapper plugin-docs plugin-id-default docs-version-current docs-doc-page"><head><meta charset="UTF-8"><meta name="generator" content="Docusaurus v3.5.2"><title>Primeros pasos | Banco Sol Developers</title></head><body class="navigation-with-keyboard">
<nav aria-label="Principal" class="navbar navbar--fixed-top">
 <div class="navbar__inner"><div class="navbar__items">
  <a class="navbar__brand" href="/"><div class="navbar__logo"><img src="/img/logo.svg" alt="Banco Sol"></div><b class="navbar__title text--truncate">Developers</b></a>
  <a aria-current="page" class="navbar__item navbar__link navbar__link--active" href="/docs/primeros-pasos">Documentación</a>
  <a class="navbar__item navbar__link" href="/apis">APIs</a>
 </div>
 <div class="navbar__items navbar__items--right">
  <a href="https://portal.bancosol.es/login" class="navbar__item navbar__link">Iniciar sesión</a>
  <a href="https://portal.bancosol.es/registro" class="navbar__item navbar__link button button--primary">Regístrate</a>
  <div class="navbarSearchContainer"><button type="button" class="DocSearch DocSearch-Button" aria-label="Buscar"><span class="DocSearch-Button-Container"><svg width="20" height="20" class="DocSearch-Search-Icon" viewBox="0 0 20 20"></svg><span class="DocSearch-Button-Placeholder">Buscar</span></span><span class="DocSearch-Button-Keys"></span></button></div>
 </div></div>
</nav>
<div class="main-wrapper"><div class="docsWrapper"><div class="docRoot">
 <aside class="theme-doc-sidebar-container"><nav aria-label="Barra lateral de Docs" class="menu thin-scrollbar"><ul class="theme-doc-sidebar-menu menu__list">
  <li class="theme-doc-sidebar-item-link menu__list-item"><a class="menu__link menu__link--active" aria-current="page" href="/docs/primeros-pasos">Primeros pasos</a></li>
  <li class="theme-doc-sidebar-item-link menu__list-item"><a class="menu__link" href="/docs/autenticacion">Autenticación</a></li>
  <li class="theme-doc-sidebar-item-link menu__list-item"><a class="menu__link" href="/docs/entorno-de-pruebas">Entorno de pruebas (Sandbox)</a></li>
  <li class="theme-doc-sidebar-item-link menu__list-item"><a class="menu__link" href="/docs/codigos-de-error">Códigos de error</a></li>
  <li class="theme-doc-sidebar-item-link menu__list-item"><a class="menu__link" href="/docs/limites-de-peticiones">Límites de peticiones</a></li>
  <li class="theme-doc-sidebar-item-link menu__list-item"><a class="menu__link" href="/docs/historial-de-cambios">Historial de cambios</a></li>
  <li class="theme-doc-sidebar-item-category menu__list-item"><div class="menu__list-item-collapsible"><a class="menu__link menu__link--sublist" href="/docs/pagos">Pagos</a></div>
   <ul class="menu__list">
    <li class="menu__list-item"><a class="menu__link" href="/docs/pagos/iniciar-transferencia">Iniciar una transferencia</a></li>
    <li class="menu__list-item"><a class="menu__link" href="/docs/pagos/estado-transferencia">Consultar el estado de una transferencia</a></li>
    <li class="menu__list-item"><a class="menu__link" href="/docs/pagos/comisiones">Consultar comisiones</a></li>
   </ul></li>
 </ul></nav></aside>
 <main class="docMainContainer"><div class="container padding-top--md padding-bottom--lg"><article><div class="theme-doc-markdown markdown">
  <header><h1>Primeros pasos</h1></header>
  <p>En esta guía harás tu primera llamada a la API de cuentas en el entorno de pruebas.</p>
  <h2 id="crea-tu-aplicacion">Crea tu aplicación</h2>
  <p>Después de registrarte, crea una aplicación para obtener tus credenciales (<code>client_id</code> y <code>client_secret</code>).</p>
  <h2 id="consulta-comisiones">Comisiones de una transferencia</h2>
  <p>El campo <code>importeComision</code> indica la comisión que el banco aplica a la transferencia; el campo <code>estado</code> toma los valores <code>PENDIENTE</code>, <code>ACEPTADA</code> o <code>RECHAZADA</code>.</p>
 </div></article>
 <nav class="pagination-nav docusaurus-mt-lg" aria-label="Páginas de documentación"><a class="pagination-nav__link pagination-nav__link--next" href="/docs/autenticacion"><div class="pagination-nav__sublabel">Siguiente</div><div class="pagination-nav__label">Autenticación</div></a></nav>
 </div></main>
</div></div></div>
<footer class="footer footer--dark"><div class="container container-fluid">
 <div class="row footer__links">
  <div class="col footer__col"><div class="footer__title">Ayuda</div><ul class="footer__items clean-list">
   <li class="footer__item"><a href="https://foro.bancosol.es" class="footer__link-item">Foro de desarrolladores</a></li>
   <li class="footer__item"><a href="/contacto" class="footer__link-item">Contacto</a></li>
   <li class="footer__item"><a href="/preguntas-frecuentes" class="footer__link-item">Preguntas frecuentes</a></li>
  </ul></div>
  <div class="col footer__col"><div class="footer__title">Legal</div><ul class="footer__items clean-list">
   <li class="footer__item"><a href="/terminos-y-condiciones" class="footer__link-item">Términos y condiciones de uso</a></li>
   <li class="footer__item"><a href="https://www.bancosol.es/politica-de-privacidad" class="footer__link-item">Política de privacidad</a></li>
   <li class="footer__item"><a href="https://www.bancosol.es/politica-de-cookies" class="footer__link-item">Política de cookies</a></li>
   <li class="footer__item"><a href="https://www.bancosol.es/aviso-legal" class="footer__link-item">Aviso legal</a></li>
  </ul></div>
 </div>
 <div class="footer__bottom text--center"><div class="footer__copyright">Copyright © 2025 Banco Sol, S.A.</div></div>
</div></footer>
</body></html>`,
			met: []string{"find-site-search", "trust-api-terms", "trust-privacy", "onb-self-signup", "onb-quickstart", "onb-auth-guide",
				"ref-error-catalog", "chg-changelog", "try-sandbox", "sup-contact", "cmty-forum", "lim-rate-limits"},
			notMet: []string{"ops-status-page", "com-pricing-page"},
		},
		{
			name: "pt-br open finance portal",
			url:  "https://developers.bancoaurora.com.br/open-finance/primeiros-passos",
			html: `<html lang="pt-BR"><head><meta charset="utf-8"><title>Primeiros passos – Open Finance | Banco Aurora Developers</title></head><body>
<header class="topbar">
 <a class="logo" href="/"><img src="/static/aurora.svg" alt="Banco Aurora Developers"></a>
 <nav class="topbar-nav"><ul>
  <li><a href="/">Início</a></li>
  <li><a href="/open-finance">Open Finance</a></li>
  <li><a href="/apis">APIs</a></li>
  <li><a href="/documentacao">Documentação</a></li>
 </ul></nav>
 <div class="topbar-search"><form action="/busca"><input type="text" name="termo" aria-label="Pesquisar na documentação" placeholder="Pesquisar na documentação"><button type="submit" class="icon-lupa" aria-label="Pesquisar"></button></form></div>
 <div class="topbar-user"><a href="/entrar">Entrar</a><a href="/cadastro" class="btn btn-laranja">Cadastre-se</a></div>
</header>
<div class="page">
 <aside class="menu-lateral"><nav>
  <h4>Comece aqui</h4>
  <ul>
   <li><a href="/open-finance/primeiros-passos" class="ativo">Primeiros passos</a></li>
   <li><a href="/open-finance/autenticacao">Autenticação e segurança (FAPI, mTLS)</a></li>
   <li><a href="/open-finance/sandbox">Ambiente de sandbox</a></li>
   <li><a href="/open-finance/codigos-de-erro">Códigos de erro</a></li>
   <li><a href="/open-finance/limites-de-trafego">Limites de tráfego</a></li>
   <li><a href="/open-finance/notas-de-versao">Notas de versão</a></li>
  </ul>
  <h4>Dados abertos – Produtos e serviços</h4>
  <ul>
   <li><a href="/open-finance/produtos/contas-pessoais">Contas pessoais: tarifas</a></li>
   <li><a href="/open-finance/produtos/cartoes">Cartões de crédito: tarifas e anuidades</a></li>
   <li><a href="/open-finance/produtos/emprestimos">Empréstimos: taxas de juros</a></li>
  </ul>
  <h4>Pagamentos</h4>
  <ul>
   <li><a href="/open-finance/pagamentos/pix">Iniciar pagamento Pix</a></li>
   <li><a href="/open-finance/pagamentos/status">Consultar status do pagamento</a></li>
  </ul>
 </nav></aside>
 <main class="conteudo">
  <h1>Primeiros passos</h1>
  <p>Este guia mostra como fazer sua primeira chamada às APIs do Open Finance Brasil no ambiente de sandbox do Banco Aurora.</p>
  <h2>1. Crie sua conta de desenvolvedor</h2>
  <p>Cadastre-se no portal e crie uma aplicação para receber suas credenciais.</p>
  <h2>2. Consulte as tarifas de um produto</h2>
  <pre><code>GET https://sandbox.bancoaurora.com.br/open-banking/products-services/v1/personal-accounts</code></pre>
  <p>A resposta traz as tarifas de serviços prioritários (<code>priorityServices</code>) e o preço de cada pacote.</p>
 </main>
</div>
<footer class="rodape">
 <div class="rodape-colunas">
  <div><h5>Suporte</h5><ul>
   <li><a href="/fale-conosco">Fale conosco</a></li>
   <li><a href="https://forum.bancoaurora.com.br">Fórum de desenvolvedores</a></li>
   <li><a href="https://www.bancoaurora.com.br/disponibilidade">Status dos serviços</a></li>
  </ul></div>
  <div><h5>Institucional</h5><ul>
   <li><a href="/termos-de-uso">Termos de uso</a></li>
   <li><a href="https://www.bancoaurora.com.br/politica-de-privacidade">Política de privacidade</a></li>
   <li><a href="https://www.bancoaurora.com.br/ouvidoria">Ouvidoria</a></li>
  </ul></div>
 </div>
 <p>Banco Aurora S.A. – CNPJ 00.000.000/0001-00</p>
</footer>
</body></html>`,
			met: []string{"find-site-search", "trust-api-terms", "trust-privacy", "onb-self-signup", "onb-quickstart", "onb-auth-guide",
				"ref-error-catalog", "chg-changelog", "ops-status-page", "try-sandbox", "sup-contact", "cmty-forum", "lim-rate-limits"},
			notMet: []string{"com-pricing-page"},
		},
		{
			name: "nl bank portal",
			url:  "https://developer.lagelandbank.nl/documentatie/aan-de-slag",
			html: `<html lang="nl"><head><meta charset="utf-8"><title>Aan de slag - Lageland Bank Developer Portal</title></head><body>
<header class="header">
 <div class="header__inner">
  <a href="/" class="header__logo"><img src="/img/lageland.svg" alt="Lageland Bank"></a>
  <nav class="header__nav" aria-label="Hoofdmenu"><ul>
   <li><a href="/apis">API's</a></li>
   <li><a href="/documentatie">Documentatie</a></li>
   <li><a href="/tarieven">Tarieven</a></li>
  </ul></nav>
  <div class="header__search"><input type="search" name="zoekterm" placeholder="Zoeken" aria-label="Zoeken in de documentatie"></div>
  <div class="header__account"><a href="/inloggen">Inloggen</a><a href="/account-aanmaken" class="button">Account aanmaken</a></div>
 </div>
</header>
<div class="docs">
 <nav class="docs__sidebar" aria-label="Documentatie">
  <ul>
   <li><a href="/documentatie/aan-de-slag" class="is-active">Aan de slag</a></li>
   <li><a href="/documentatie/authenticatie">Authenticatie</a></li>
   <li><a href="/documentatie/sandbox">Sandbox</a></li>
   <li><a href="/documentatie/foutcodes">Foutcodes</a></li>
   <li><a href="/documentatie/versiegeschiedenis">Versiegeschiedenis</a></li>
  </ul>
  <p class="docs__group">Betalen</p>
  <ul>
   <li><a href="/documentatie/betalen/betaling-starten">Betaling starten</a></li>
   <li><a href="/documentatie/betalen/betaalstatus">Betaalstatus opvragen</a></li>
   <li><a href="/documentatie/betalen/bestedingslimiet">Bestedingslimiet instellen</a></li>
  </ul>
 </nav>
 <main class="docs__content">
  <h1>Aan de slag</h1>
  <p>In vijf stappen doe je je eerste API-aanroep in onze sandbox.</p>
  <h2>Stap 1: Maak een account aan</h2>
  <p>Na het aanmaken van je account registreer je een app en ontvang je een client-ID.</p>
  <h2>Stap 2: Vraag een toegangstoken aan</h2>
  <pre><code>curl -X POST https://api-sandbox.lagelandbank.nl/oauth2/token</code></pre>
  <p>Let op: een betaling wordt geweigerd als het bestedingslimiet van de rekening is bereikt.</p>
 </main>
</div>
<footer class="footer">
 <ul class="footer__links">
  <li><a href="https://www.lagelandbank.nl/storingen">Storingen en onderhoud</a></li>
  <li><a href="/contact">Contact</a></li>
  <li><a href="/gebruiksvoorwaarden">Gebruiksvoorwaarden</a></li>
  <li><a href="https://www.lagelandbank.nl/privacyverklaring">Privacyverklaring</a></li>
  <li><a href="https://www.lagelandbank.nl/cookieverklaring">Cookieverklaring</a></li>
  <li><a href="https://www.lagelandbank.nl/disclaimer">Disclaimer</a></li>
 </ul>
</footer>
</body></html>`,
			met: []string{"find-site-search", "com-pricing-page", "trust-api-terms", "trust-privacy", "onb-self-signup", "onb-quickstart",
				"onb-auth-guide", "ref-error-catalog", "chg-changelog", "ops-status-page", "try-sandbox", "sup-contact"},
			notMet: []string{"lim-rate-limits", "cmty-forum"},
		},
		{
			name: "it bank portal",
			url:  "https://developer.bancadelpo.it/documentazione/guida-rapida",
			html: `<html lang="it"><head><meta charset="utf-8"><title>Guida rapida | Banca del Po API Portal</title></head><body>
<header class="it-header-wrapper">
 <div class="it-header-center-wrapper"><div class="container">
  <a href="/" class="it-brand"><img src="/img/logo-bdp.svg" alt="Banca del Po"><span>API Portal</span></a>
  <div class="it-search-wrapper"><form action="/cerca" role="search"><input type="search" name="q" placeholder="Cerca nella documentazione" aria-label="Cerca"><button class="search-link" type="submit" aria-label="Cerca">Cerca</button></form></div>
  <div class="it-access"><a href="/accedi">Accedi</a><a href="/registrati" class="btn btn-primary">Registrati</a></div>
 </div></div>
 <nav class="it-header-navbar-wrapper" aria-label="Menu principale"><ul class="navbar-nav">
  <li class="nav-item"><a class="nav-link" href="/prodotti">Prodotti API</a></li>
  <li class="nav-item"><a class="nav-link active" href="/documentazione">Documentazione</a></li>
  <li class="nav-item"><a class="nav-link" href="/prezzi">Prezzi</a></li>
  <li class="nav-item"><a class="nav-link" href="https://community.bancadelpo.it">Community</a></li>
 </ul></nav>
</header>
<div class="container"><div class="row">
 <aside class="col-lg-3 sidebar-wrapper"><nav class="sidebar-linklist-wrapper"><ul class="link-list">
  <li><a class="list-item active" href="/documentazione/guida-rapida">Guida rapida</a></li>
  <li><a class="list-item" href="/documentazione/autenticazione">Autenticazione</a></li>
  <li><a class="list-item" href="/documentazione/sandbox">Ambiente di sandbox</a></li>
  <li><a class="list-item" href="/documentazione/codici-di-errore">Codici di errore</a></li>
  <li><a class="list-item" href="/documentazione/note-di-rilascio">Note di rilascio</a></li>
  <li><span class="list-item-title">Pagamenti</span></li>
  <li><a class="list-item" href="/documentazione/pagamenti/bonifico">Disporre un bonifico</a></li>
  <li><a class="list-item" href="/documentazione/pagamenti/stato-bonifico">Verificare lo stato del bonifico</a></li>
  <li><a class="list-item" href="/documentazione/pagamenti/massimali">Massimali del bonifico</a></li>
 </ul></nav></aside>
 <main class="col-lg-9">
  <h1>Guida rapida</h1>
  <p>Effettua la tua prima chiamata alle API PSD2 di Banca del Po in ambiente di sandbox.</p>
  <h2>Registra la tua applicazione</h2>
  <p>Dopo la registrazione, crea un'applicazione per ottenere le credenziali.</p>
  <h2>Massimali</h2>
  <p>I bonifici disposti tramite API rispettano i massimali giornalieri e mensili del conto del cliente.</p>
 </main>
</div></div>
<footer class="it-footer"><div class="it-footer-small-prints"><div class="container"><ul class="it-footer-small-prints-list list-inline">
 <li class="list-inline-item"><a href="/contatti">Contatti</a></li>
 <li class="list-inline-item"><a href="/termini-e-condizioni">Termini e condizioni d'uso</a></li>
 <li class="list-inline-item"><a href="https://www.bancadelpo.it/privacy">Informativa sulla privacy</a></li>
 <li class="list-inline-item"><a href="https://www.bancadelpo.it/note-legali">Note legali</a></li>
 <li class="list-inline-item"><a href="#" class="cookie-preferences">Preferenze cookie</a></li>
</ul><p>Banca del Po S.p.A. – P.IVA 00000000000</p></div></div></footer>
</body></html>`,
			met: []string{"find-site-search", "com-pricing-page", "trust-api-terms", "trust-privacy", "onb-self-signup", "onb-quickstart",
				"onb-auth-guide", "ref-error-catalog", "chg-changelog", "try-sandbox", "sup-contact", "cmty-forum"},
			notMet: []string{"lim-rate-limits", "ops-status-page"},
		},
		{
			name: "ru bank api portal",
			url:  "https://developer.severbank.ru/docs/bystryj-start",
			html: `<html lang="ru"><head><meta charset="utf-8"><title>Быстрый старт — Северный банк API</title></head><body>
<header class="header">
 <a class="header__logo" href="/"><img src="/static/logo.svg" alt="Северный банк для разработчиков"></a>
 <nav class="header__menu"><ul>
  <li><a href="/api">API</a></li>
  <li><a href="/docs">Документация</a></li>
  <li><a href="/tarify">Тарифы</a></li>
  <li><a href="https://www.severbank.ru/business/otkryt-schet">Открыть счёт</a></li>
 </ul></nav>
 <div class="header__search"><input class="search-input" type="search" placeholder="Поиск по документации" aria-label="Поиск"></div>
 <div class="header__auth"><a href="/login">Войти</a> <a class="button button_primary" href="/registration">Регистрация</a></div>
</header>
<div class="docs-layout">
 <aside class="docs-sidebar"><nav>
  <div class="docs-sidebar__group">Начало работы</div>
  <ul>
   <li><a href="/docs/bystryj-start" class="active">Быстрый старт</a></li>
   <li><a href="/docs/avtorizaciya">Авторизация</a></li>
   <li><a href="/docs/pesochnica">Песочница</a></li>
   <li><a href="/docs/kody-oshibok">Коды ошибок</a></li>
   <li><a href="/docs/ogranicheniya">Ограничения на количество запросов</a></li>
  </ul>
  <div class="docs-sidebar__group">Платежи</div>
  <ul>
   <li><a href="/docs/payments/create">Создать платёж</a></li>
   <li><a href="/docs/payments/status">Получить статус платежа</a></li>
   <li><a href="/docs/statements/history">Получить историю операций</a></li>
   <li><a href="/docs/cards/limits">Лимиты по карте</a></li>
  </ul>
 </nav></aside>
 <main class="docs-content">
  <h1>Быстрый старт</h1>
  <p>За несколько шагов вы отправите первый запрос к API в песочнице.</p>
  <h2>Шаг 1. Зарегистрируйте приложение</h2>
  <p>После регистрации создайте приложение в личном кабинете и получите <code>client_id</code> и <code>client_secret</code>.</p>
  <h2>Шаг 2. Получите токен</h2>
  <pre><code>curl -X POST https://sandbox.severbank.ru/oauth2/token</code></pre>
  <h2>Шаг 3. Узнайте статус платежа</h2>
  <p>Метод <code>GET /v1/payments/{id}/status</code> возвращает статус платежа: <code>Created</code>, <code>Executed</code> или <code>Rejected</code>.</p>
 </main>
</div>
<footer class="footer">
 <ul class="footer__links">
  <li><a href="mailto:api@severbank.ru">Поддержка: api@severbank.ru</a></li>
  <li><a href="/soglashenie">Условия использования API</a></li>
  <li><a href="https://www.severbank.ru/politika-obrabotki-personalnyh-dannyh">Политика обработки персональных данных</a></li>
  <li><a href="https://www.severbank.ru/cards/beskontaktnaya-oplata">Бесконтактная оплата</a></li>
 </ul>
 <p>© 2025 ПАО «Северный банк». Генеральная лицензия Банка России № 0000</p>
</footer>
</body></html>`,
			met: []string{"find-site-search", "com-pricing-page", "trust-api-terms", "trust-privacy", "onb-self-signup", "onb-quickstart",
				"onb-auth-guide", "ref-error-catalog", "try-sandbox", "sup-contact", "lim-rate-limits"},
			notMet: []string{"ops-status-page", "chg-changelog", "cmty-forum"},
		},
	})
}
