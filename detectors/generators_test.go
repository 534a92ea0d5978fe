package detectors

import (
	"testing"
)

// Pages as documentation generators our labelled corpus lacks really emit them (header,
// sidebar, footer, reference chrome). met lists what a careful reader marks met from the
// page alone; notMet holds the near misses: the generator's own credit or repository is not
// the provider's GitHub or SDK, a payment or order status is not a status page, an endpoint
// called "List plans" is not a pricing page, code-sample language tabs are not SDKs.
func TestGeneratorChrome(t *testing.T) {
	runPageCases(t, []pageCase{
		{
			name: "mintlify",
			url:  "https://docs.nimbuspay.dev/introduction",
			html: `<html lang="en"><head><title>Introduction - Nimbus</title>
<meta name="generator" content="Mintlify"></head><body>
<div id="navbar" class="z-30 fixed lg:sticky top-0 w-full backdrop-blur flex-none">
 <div class="max-w-8xl mx-auto relative"><div class="relative flex items-center lg:px-12 h-16 min-w-0 mx-4 lg:mx-0">
  <a href="/"><span class="sr-only">Nimbus home page</span><img class="nav-logo w-auto h-7" src="/logo/light.svg" alt="light logo"></a>
  <div class="relative flex-1 flex justify-center items-center">
   <button type="button" id="search-bar-entry" class="flex pointer-events-auto rounded-xl w-full items-center text-sm leading-6 h-9 pl-3.5 pr-3 text-gray-500">
    <svg class="h-4 w-4 ml-1.5 flex-none"></svg><div class="truncate min-w-0">Search or ask...</div><span class="flex-none text-xs font-semibold">Ctrl K</span></button>
  </div>
  <nav class="flex-1 flex items-center justify-end"><ul class="flex space-x-6 items-center">
   <li class="navbar-link"><a href="mailto:support@nimbuspay.dev" class="flex items-center gap-1.5 whitespace-nowrap font-medium text-gray-600">Support</a></li>
   <li class="navbar-link"><a href="https://app.nimbuspay.dev/login" class="flex items-center gap-1.5 whitespace-nowrap font-medium text-gray-600">Dashboard</a></li>
   <li class="block lg:hidden" id="topbar-cta-button"><a target="_blank" class="group px-4 py-1.5 relative inline-flex items-center text-sm font-medium" href="https://app.nimbuspay.dev/sign-up"><span class="absolute inset-0 bg-primary-dark rounded-xl"></span><div class="mr-0.5 space-x-2.5 flex items-center"><span class="z-10 text-white">Sign up</span></div></a></li>
  </ul></nav>
 </div>
 <div class="hidden lg:flex px-12 h-12"><div class="nav-tabs h-full flex text-sm space-x-6">
  <a class="link nav-tabs-item group relative h-full gap-2 flex items-center font-medium text-gray-800" href="/introduction">Documentation</a>
  <a class="link nav-tabs-item group relative h-full gap-2 flex items-center font-medium text-gray-600" href="/api-reference/introduction">API Reference</a>
  <a class="link nav-tabs-item group relative h-full gap-2 flex items-center font-medium text-gray-600" href="/changelog">Changelog</a>
 </div></div></div>
</div>
<div class="px-1 lg:px-0 max-w-8xl mx-auto">
 <div class="hidden lg:block fixed z-20 top-[7rem] bottom-0 w-[18rem] overflow-y-auto" id="sidebar"><div class="relative lg:text-sm lg:leading-6"><div id="navigation-items">
  <ul class="sidebar-group"><li><a href="https://community.nimbuspay.dev" class="group flex items-center lg:text-sm lg:leading-6 mb-5 sm:mb-4 font-medium"><div class="mr-4 rounded-md p-1"><svg></svg></div>Community</a></li>
   <li><a href="https://nimbuspay.dev/blog" class="group flex items-center font-medium"><div class="mr-4 rounded-md p-1"><svg></svg></div>Blog</a></li></ul>
  <div class=""><div class="sidebar-group-header flex items-center gap-2.5 pl-4 mb-3.5 lg:mb-2.5"><h5 id="sidebar-title" class="font-semibold text-gray-900">Get Started</h5></div>
   <ul id="sidebar-group" class="sidebar-group space-y-px">
    <li id="/introduction" class="relative scroll-m-4 first:scroll-m-20" data-title="Introduction"><a class="group flex items-center pr-3 py-1.5 cursor-pointer gap-x-3 text-left rounded-xl bg-primary/10 text-primary font-semibold" href="/introduction"><div class="flex-1 flex items-center space-x-2.5"><div class="">Introduction</div></div></a></li>
    <li id="/quickstart" class="relative scroll-m-4" data-title="Quickstart"><a class="group flex items-center pr-3 py-1.5 cursor-pointer gap-x-3 text-left rounded-xl" href="/quickstart"><div class="flex-1 flex items-center space-x-2.5"><div class="">Quickstart</div></div></a></li>
    <li id="/authentication" class="relative scroll-m-4" data-title="Authentication"><a class="group flex items-center pr-3 py-1.5 cursor-pointer gap-x-3 text-left rounded-xl" href="/authentication"><div class="flex-1 flex items-center space-x-2.5"><div class="">Authentication</div></div></a></li>
    <li id="/errors" class="relative scroll-m-4" data-title="Errors"><a class="group flex items-center pr-3 py-1.5 cursor-pointer gap-x-3 text-left rounded-xl" href="/errors"><div class="flex-1 flex items-center space-x-2.5"><div class="">Errors</div></div></a></li>
   </ul></div>
  <div class=""><div class="sidebar-group-header flex items-center gap-2.5 pl-4 mb-3.5 lg:mb-2.5"><h5 id="sidebar-title" class="font-semibold text-gray-900">Payments</h5></div>
   <ul id="sidebar-group" class="sidebar-group space-y-px">
    <li id="/api-reference/payments/create" class="relative scroll-m-4" data-title="Create a payment"><a class="group flex items-center pr-3 py-1.5 cursor-pointer gap-x-3 text-left rounded-xl" href="/api-reference/payments/create"><span class="px-1 py-0.5 rounded-md text-[0.55rem] leading-tight font-bold bg-blue-400/20 text-blue-700">POST</span><div class="flex-1 flex items-center space-x-2.5"><div class="">Create a payment</div></div></a></li>
    <li id="/api-reference/payments/get-status" class="relative scroll-m-4" data-title="Get payment status"><a class="group flex items-center pr-3 py-1.5 cursor-pointer gap-x-3 text-left rounded-xl" href="/api-reference/payments/get-status"><span class="px-1 py-0.5 rounded-md text-[0.55rem] leading-tight font-bold bg-green-400/20 text-green-700">GET</span><div class="flex-1 flex items-center space-x-2.5"><div class="">Get payment status</div></div></a></li>
   </ul></div>
 </div></div></div>
 <div class="relative grow box-border flex-col w-full mx-auto px-1 lg:pl-[23.7rem] lg:-ml-12 xl:w-[calc(100%-28rem)]" id="content-area">
  <header id="header" class="relative"><div class="mt-0.5 space-y-2.5"><div class="eyebrow h-5 text-primary text-sm font-semibold">Get Started</div><div class="flex items-center"><h1 id="page-title" class="inline-block text-2xl sm:text-3xl font-bold text-gray-900 tracking-tight">Introduction</h1></div></div><div class="mt-2 text-lg prose prose-gray"><p>Accept payments with the Nimbus API.</p></div></header>
  <div class="mdx-content relative mt-8 prose prose-gray" id="content"><p>Nimbus lets you accept card payments and payouts from a single REST API.</p>
   <div class="card-group not-prose grid gap-x-4 sm:grid-cols-2"><a class="card block not-prose font-normal group relative my-2 ring-2 ring-transparent rounded-xl" href="/quickstart"><div class="px-6 py-5"><h2 class="not-prose font-semibold text-base text-gray-800 mt-4">Quickstart</h2><div class="prose mt-1 font-normal text-base leading-6 text-gray-600"><span>Make your first payment in five minutes.</span></div></div></a></div>
  </div>
  <footer id="footer" class="flex gap-12 justify-between pt-10 border-t border-gray-100 sm:flex mb-10 pb-28">
   <div class="flex gap-6 flex-wrap">
    <a href="https://x.com/nimbuspay" target="_blank" class="h-fit"><span class="sr-only">x</span><svg class="w-5 h-5 bg-gray-400"></svg></a>
    <a href="https://www.linkedin.com/company/nimbuspay" target="_blank" class="h-fit"><span class="sr-only">linkedin</span><svg class="w-5 h-5 bg-gray-400"></svg></a>
   </div>
   <div class="flex items-center justify-between"><a href="https://mintlify.com/preview-request?utm_campaign=poweredBy&amp;utm_medium=docs&amp;utm_source=docs.nimbuspay.dev" target="_blank" rel="noreferrer" class="group flex items-baseline gap-1 text-sm text-gray-400">Powered by Mintlify</a></div>
  </footer>
 </div>
</div>
</body></html>`,
			met:    []string{"find-site-search", "sup-contact", "onb-self-signup", "chg-changelog", "cmty-forum", "onb-quickstart", "onb-auth-guide", "ref-error-catalog"},
			notMet: []string{"ops-status-page", "code-github-org", "code-official-sdks", "com-pricing-page", "cmty-chat", "trust-api-terms", "trust-privacy", "lim-rate-limits", "try-run-in-postman"},
		},
		{
			name: "readme.io reference",
			url:  "https://developers.quillship.com/reference/retrieve-order-status",
			html: `<html lang="en"><head><title>Retrieve order status</title>
<meta name="readme-deploy" content="5.190.0"><meta name="readme-subdomain" content="quillship"></head><body class="body-none theme-line header-solid">
<div id="ssr-main"><div class="App ThemeContext ThemeContext_dark ThemeContext_classic">
<header class="rm-Header"><div class="rm-Header-top"><div class="rm-Container rm-Container_flex">
 <div class="rm-Header-left"><a class="rm-Logo Header-logo" href="/"><img alt="Quill" class="rm-Logo-img" src="https://files.readme.io/logo.svg"></a></div>
 <div class="rm-Header-right"><a class="Button Button_md rm-Header-link rm-Header-top-link Button_slate_text" href="https://quillship.com" target="_self"><span class="Button-label">quillship.com</span></a>
  <button class="Button Button_md rm-Header-link rm-Header-top-link Button_slate_text rm-Header-top-link_login" type="button"><span class="Button-label">Log In</span></button></div>
</div></div>
<div class="rm-Header-bottom"><nav class="rm-Container rm-Container_flex" aria-label="Primary navigation">
 <a class="Button Button_md rm-Header-link rm-Header-bottom-link Button_slate_text" href="/docs" target="_self"><span class="Button-label">Guides</span></a>
 <a aria-current="page" class="Button Button_md rm-Header-link rm-Header-bottom-link Button_slate_text active" href="/reference" target="_self"><span class="Button-label">API Reference</span></a>
 <a class="Button Button_md rm-Header-link rm-Header-bottom-link Button_slate_text" href="/changelog" target="_self"><span class="Button-label">Changelog</span></a>
 <a class="Button Button_md rm-Header-link rm-Header-bottom-link Button_slate_text" href="/discuss" target="_self"><span class="Button-label">Discussions</span></a>
 <div class="rm-Header-bottom-link rm-Header-bottom-link_search" role="search"><button aria-label="Search" class="rm-SearchToggle"><div class="rm-SearchToggle-icon icon-search"></div><div class="rm-SearchToggle-placeholder">Search</div><div class="rm-SearchToggle-shortcut">CTRL-K</div></button></div>
</nav></div></header>
<main class="rm-ReferenceMain rm-Container rm-Container_flex">
<nav class="rm-Sidebar hub-sidebar reference-redesign" id="reference-sidebar" aria-label="Sidebar">
 <section class="Sidebar-section rm-Sidebar-section"><h2 class="Sidebar-heading rm-Sidebar-heading">Getting Started</h2><ul class="Sidebar-list rm-Sidebar-list">
  <li class="Sidebar-item"><a class="Sidebar-link childless text-wrap rm-Sidebar-link" target="_self" href="/reference/authentication"><span class="Sidebar-link-text"><span class="Sidebar-link-text_label">Authentication</span></span></a></li>
  <li class="Sidebar-item"><a class="Sidebar-link childless text-wrap rm-Sidebar-link" target="_self" href="/reference/rate-limits"><span class="Sidebar-link-text"><span class="Sidebar-link-text_label">Rate limits</span></span></a></li>
 </ul></section>
 <section class="Sidebar-section rm-Sidebar-section"><h2 class="Sidebar-heading rm-Sidebar-heading">Orders</h2><ul class="Sidebar-list rm-Sidebar-list">
  <li class="Sidebar-item"><a class="Sidebar-link childless text-wrap rm-Sidebar-link" target="_self" href="/reference/create-order"><span class="Sidebar-link-text"><span class="Sidebar-link-text_label">Create order</span></span><span class="Sidebar-method-container"><span class="rm-APIMethod APIMethod APIMethod_fixedWidth APIMethod_fixedWidth_post APIMethod_post Sidebar-method">post</span></span></a></li>
  <li class="Sidebar-item"><a aria-current="page" class="Sidebar-link childless text-wrap rm-Sidebar-link active" target="_self" href="/reference/retrieve-order-status"><span class="Sidebar-link-text"><span class="Sidebar-link-text_label">Retrieve order status</span></span><span class="Sidebar-method-container"><span class="rm-APIMethod APIMethod APIMethod_fixedWidth APIMethod_fixedWidth_get APIMethod_get Sidebar-method">get</span></span></a></li>
 </ul></section>
 <a class="rm-Sidebar-link PoweredBy" href="https://readme.com?ref_src=hub&amp;project=quillship" target="_blank" rel="noopener noreferrer"><span>Powered by</span> <svg class="ReadMe-logo" aria-label="ReadMe"></svg></a>
</nav>
<article class="rm-Article" id="content">
 <header id="content-head"><div class="row clearfix"><div class="col-xs-9"><h1 class="heading-title rm-Article-title">Retrieve order status</h1></div></div>
  <div class="rm-APIMethod-wrapper"><span class="rm-APIMethod APIMethod APIMethod_get">get</span><span class="rm-APIUrl">https://api.quillship.com/v2/orders/{order_id}/status</span></div>
  <div class="excerpt"><div class="markdown-body"><p>Returns the fulfilment status of an order: pending, packed, shipped or delivered.</p></div></div></header>
 <section class="rm-APISectionHeader"><h2 class="APISectionHeader-heading">Path Params</h2></section>
 <div class="rm-ParamContainer"><div class="Param"><label class="Param-name" for="order_id">order_id</label><span class="Param-type">string</span><span class="Param-required">required</span><input class="Input Input_md" id="order_id" type="text"></div></div>
 <section class="rm-APIResponseSchemaPicker"><h3 class="APIResponseSchemaPicker-label">Responses</h3>
  <button class="APIResponseSchemaPicker-option"><span class="APIResponseSchemaPicker-indicator APIResponseSchemaPicker-indicator_2XX"></span>200<span class="APIResponseSchemaPicker-option-description">OK</span></button>
  <button class="APIResponseSchemaPicker-option"><span class="APIResponseSchemaPicker-indicator APIResponseSchemaPicker-indicator_4XX"></span>404<span class="APIResponseSchemaPicker-option-description">Order not found</span></button></section>
</article>
<aside class="rm-Playground">
 <div class="rm-LanguagePicker"><h2 class="rm-LanguagePicker-heading">Language</h2><button class="rm-LanguageButton">Shell</button><button class="rm-LanguageButton">Node</button><button class="rm-LanguageButton">Ruby</button><button class="rm-LanguageButton">PHP</button><button class="rm-LanguageButton">Python</button></div>
 <div class="rm-Credentials"><h2 class="rm-Credentials-heading">Credentials</h2><input class="Input rm-Credentials-input" type="password" placeholder="token" aria-label="Bearer token"></div>
 <div class="rm-PlaygroundRequest"><div class="rm-TryIt"><button class="Button Button_md rm-TryIt-button Button_primary" type="submit">Try It!</button></div></div>
 <div class="rm-PlaygroundResponse"><div class="rm-PlaygroundResponse-tryit">Click <code>Try It!</code> to start a request and see the response here!</div></div>
</aside>
</main></div></div></body></html>`,
			met:    []string{"find-site-search", "chg-changelog", "cmty-forum", "onb-auth-guide", "lim-rate-limits", "ref-error-catalog", "try-api-console"},
			notMet: []string{"ops-status-page", "code-github-org", "code-official-sdks", "onb-self-signup", "com-pricing-page", "try-run-in-postman", "cmty-chat"},
		},
		{
			name: "gitbook",
			url:  "https://docs.orbitdata.io/api-reference/plans",
			html: `<html lang="en" class="sheet-open:gutter-stable circular-corners theme-clean tint"><head><title>Plans | Orbit Docs</title>
<meta name="generator" content="GitBook (1e2b3c4)"></head><body>
<header id="site-header" class="flex flex-col h-[64px] sticky top-0 pt-[env(safe-area-inset-top)] z-30 w-full flex-none shadow-[0px_1px_0px] bg-tint-base/9 backdrop-blur-lg"><div class="theme-bold:bg-header-background"><div class="transition-all duration-300 lg:chat-open:pr-80 xl:chat-open:pr-96"><div class="gap-4 lg:gap-6 flex items-center justify-between w-full py-3 min-h-16 px-4 sm:px-6 md:px-8 max-w-screen-2xl mx-auto">
 <div class="flex max-w-full lg:basis-72 min-w-0 shrink items-center justify-start gap-2 lg:gap-4"><a class="group/headerlogo min-w-0 shrink flex items-center" href="https://docs.orbitdata.io/"><img alt="Logo" class="block dark:hidden" src="https://docs.orbitdata.io/~gitbook/image?url=logo.svg"><div class="text-pretty line-clamp-2 tracking-tight max-w-[18ch] lg:max-w-[24ch] font-semibold ms-3 text-base/tight lg:text-lg/tight">Orbit Docs</div></a></div>
 <div class="flex grow-0 shrink-0 @2xl:basis-56 justify-self-end items-center gap-2"><div class="relative flex @max-2xl:size-9.5 grow"><button type="button" class="button group/button inline-flex items-center gap-2 rounded-corners:rounded-lg straight-corners:rounded-none circular-corners:rounded-3xl border-tint bg-tint-base text-tint px-3 py-2" aria-label="Ask or search (Ctrl+K)"><svg class="gb-icon size-4 shrink-0"></svg><div class="text-nowrap line-clamp-1 @max-2xl:hidden">Ask or search…</div><div class="shortcut -mr-1 @max-2xl:hidden">Ctrl K</div></button></div></div>
 <div class="flex justify-end items-center gap-x-4 lg:gap-x-6 min-w-9 page-no-toc:lg:min-w-56">
  <a class="text-sm font-semibold text-tint links-default:hover:text-primary" href="https://orbitdata.io">Website</a>
  <a class="button group/button inline-flex items-center gap-2 rounded-md straight-corners:rounded-none circular-corners:rounded-full ring-1 ring-primary-hover bg-primary-solid text-contrast-primary-solid px-3 py-1.5" href="https://console.orbitdata.io/signup"><span class="button-content">Create free account</span></a>
 </div>
</div></div></div></header>
<div class="flex flex-col lg:flex-row lg:justify-center px-4 sm:px-6 md:px-8 max-w-screen-2xl mx-auto site-width-wide:max-w-screen-4xl">
<aside data-testid="table-of-contents" id="table-of-contents" class="group text-sm grow-0 shrink-0 basis-full lg:basis-72 page-no-toc:lg:basis-56 relative z-[1] lg:sticky lg:top-16">
 <div class="lg:-ms-5 relative flex flex-col overflow-hidden gutter-stable flex-grow"><ul class="flex flex-col gap-y-0.5 page-api-block:xl:max-2xl:px-3">
  <li class="flex flex-col"><div class="-top-1.5 group sticky flex items-center gap-3 z-[1] text-xs tracking-wide font-semibold uppercase py-3 px-3 -mx-3 mt-2">Getting started</div>
   <ul class="flex flex-col gap-y-0.5">
    <li class="flex flex-col"><a class="group/toclink toclink relative transition-colors flex flex-row justify-between circular-corners:rounded-2xl rounded-md straight-corners:rounded-none p-1.5 pl-3 text-balance font-normal text-sm text-tint-strong/7" href="https://docs.orbitdata.io/">Welcome</a></li>
    <li class="flex flex-col"><a class="group/toclink toclink relative transition-colors flex flex-row justify-between rounded-md p-1.5 pl-3 text-balance font-normal text-sm" href="https://docs.orbitdata.io/getting-started/quickstart">Quickstart</a></li>
    <li class="flex flex-col"><a class="group/toclink toclink relative transition-colors flex flex-row justify-between rounded-md p-1.5 pl-3 text-balance font-normal text-sm" href="https://docs.orbitdata.io/getting-started/authentication">Authentication</a></li>
   </ul></li>
  <li class="flex flex-col"><div class="-top-1.5 group sticky flex items-center gap-3 z-[1] text-xs tracking-wide font-semibold uppercase py-3 px-3 -mx-3 mt-2">API reference</div>
   <ul class="flex flex-col gap-y-0.5">
    <li class="flex flex-col"><a aria-current="page" class="group/toclink toclink relative transition-colors flex flex-row justify-between rounded-md p-1.5 pl-3 text-balance font-semibold text-sm text-primary-subtle" href="https://docs.orbitdata.io/api-reference/plans">Plans</a>
     <ul class="flex flex-col gap-y-0.5 border-dark/3 ms-5 my-2 border-l"><li class="flex flex-col"><a class="group/toclink toclink relative flex flex-row justify-between rounded-md p-1.5 pl-3 text-sm" href="https://docs.orbitdata.io/api-reference/plans#get-plans">List plans<span class="openapi-method openapi-method-get">GET</span></a></li>
      <li class="flex flex-col"><a class="group/toclink toclink relative flex flex-row justify-between rounded-md p-1.5 pl-3 text-sm" href="https://docs.orbitdata.io/api-reference/plans#get-plans-planid">Retrieve a plan<span class="openapi-method openapi-method-get">GET</span></a></li></ul></li>
    <li class="flex flex-col"><a class="group/toclink toclink relative flex flex-row justify-between rounded-md p-1.5 pl-3 text-sm" href="https://docs.orbitdata.io/api-reference/subscriptions">Subscriptions</a></li>
   </ul></li>
  <li class="flex flex-col"><div class="-top-1.5 group sticky flex items-center gap-3 z-[1] text-xs tracking-wide font-semibold uppercase py-3 px-3 -mx-3 mt-2">Resources</div>
   <ul class="flex flex-col gap-y-0.5">
    <li class="flex flex-col"><a class="group/toclink toclink relative flex flex-row justify-between rounded-md p-1.5 pl-3 text-sm" href="https://docs.orbitdata.io/resources/changelog">Changelog</a></li>
    <li class="flex flex-col"><a class="group/toclink toclink relative flex flex-row justify-between rounded-md p-1.5 pl-3 text-sm" href="https://discord.gg/orbitdata" target="_blank">Join our Discord<svg class="gb-icon size-3 ms-1"></svg></a></li>
    <li class="flex flex-col"><a class="group/toclink toclink relative flex flex-row justify-between rounded-md p-1.5 pl-3 text-sm" href="mailto:help@orbitdata.io">Contact support</a></li>
   </ul></li>
 </ul>
 <a target="_blank" href="https://www.gitbook.com/?utm_source=content&amp;utm_medium=trademark&amp;utm_campaign=xQ7bT3kL" class="text-sm font-semibold flex flex-row items-center px-5 py-4 mt-4 rounded-lg ring-1 ring-tint-subtle"><svg class="gb-icon size-5"></svg><div class="ms-3"><p class="text-xs">Powered by GitBook</p></div></a>
</div></aside>
<div class="flex-1 relative py-8 lg:px-12 break-anywhere page-wide:lg:pr-0 page-full-width:lg:px-0"><main class="relative min-w-0 flex-1">
 <header class="max-w-3xl page-full-width:max-w-full mx-auto mb-6 space-y-3 page-api-block:ml-0"><h1 class="text-4xl font-bold flex items-center gap-4 text-pretty">Plans</h1><p class="text-lg">Read the plans a subscription can be placed on.</p></header>
 <div class="whitespace-pre-wrap grid [&amp;&gt;*+*]:mt-5 whitespace-normal">
  <div class="openapi-method flex flex-col gap-2"><div class="openapi-summary"><h2 class="openapi-summary-title" id="get-plans">List plans</h2><div class="openapi-path"><span class="openapi-method openapi-method-get">GET</span><span class="openapi-path-title">/plans</span></div></div>
   <div class="openapi-responses"><div class="openapi-responses-header">Responses</div><div class="openapi-tabs-tabs" role="tablist"><button role="tab" class="openapi-tabs-tab openapi-tabs-tab-active">200</button></div>
   <div class="openapi-response-description">The plans available to the account.</div></div></div>
 </div>
 <div class="flex flex-row items-center mt-8"><p class="text-sm">Last updated 3 months ago</p></div>
</main></div>
</div></body></html>`,
			met:    []string{"find-site-search", "onb-self-signup", "onb-quickstart", "onb-auth-guide", "chg-changelog", "cmty-chat", "sup-contact"},
			notMet: []string{"com-pricing-page", "code-github-org", "code-official-sdks", "ops-status-page", "try-run-in-postman", "try-api-console", "trust-privacy"},
		},
		{
			name: "stoplight elements",
			url:  "https://tessera.stoplight.io/docs/tessera-api/operations/get-order-status",
			html: `<html lang="en"><head><title>Get order status | Tessera API</title></head><body>
<div id="__next"><div class="sl-elements sl-antialiased" style="font-family: var(--font-ui); font-size: var(--fs-base); color: var(--color-text);">
<div class="sl-elements-api sl-flex sl-inset-0 sl-h-full">
 <div class="sl-flex sl-overflow-y-auto sl-flex-col sl-sticky sl-inset-y-0 sl-pt-8 sl-bg-canvas-100 sl-border-r" style="padding-left: calc((100% - 1800px) / 2); width: 300px;">
  <div class="sl-flex sl-items-center sl-mb-5 sl-ml-4"><img src="https://tessera.io/logo.svg" alt="Tessera" class="sl-inline sl-w-1/4 sl-mr-3"><h4 class="sl-text-paragraph sl-leading-snug sl-font-prose sl-font-semibold sl-text-heading">Tessera API</h4></div>
  <div class="sl-flex-1 sl-overflow-y-auto sl-overscroll-contain sl-min-h-0"><div class="sl-w-full sl-mb-10 sl-font-sans">
   <a href="/docs/tessera-api/overview" class="ElementsTableOfContentsItem sl-block sl-no-underline"><div title="Overview" class="sl-flex sl-items-center sl-h-md sl-pr-4 sl-pl-4 sl-bg-canvas-100 hover:sl-bg-canvas-200 sl-cursor-pointer sl-select-none"><div class="sl-flex-1 sl-ml-1.5 sl-text-base sl-truncate">Overview</div></div></a>
   <a href="/docs/tessera-api/authentication" class="ElementsTableOfContentsItem sl-block sl-no-underline"><div title="Authentication" class="sl-flex sl-items-center sl-h-md sl-pr-4 sl-pl-4 sl-bg-canvas-100 sl-cursor-pointer sl-select-none"><div class="sl-flex-1 sl-ml-1.5 sl-text-base sl-truncate">Authentication</div></div></a>
   <a href="/docs/tessera-api/rate-limiting" class="ElementsTableOfContentsItem sl-block sl-no-underline"><div title="Rate limiting" class="sl-flex sl-items-center sl-h-md sl-pr-4 sl-pl-4 sl-bg-canvas-100 sl-cursor-pointer sl-select-none"><div class="sl-flex-1 sl-ml-1.5 sl-text-base sl-truncate">Rate limiting</div></div></a>
   <div title="Endpoints" class="sl-flex sl-items-center sl-h-md sl-pr-4 sl-pl-4 sl-mt-4 sl-text-paragraph-small sl-font-bold sl-uppercase sl-text-muted">Endpoints</div>
   <div title="Orders" class="sl-flex sl-items-center sl-h-md sl-pr-4 sl-pl-4 sl-bg-canvas-100 sl-cursor-pointer sl-select-none"><div class="sl-flex-1 sl-ml-1.5 sl-text-base sl-truncate">Orders</div></div>
   <a href="/docs/tessera-api/operations/create-order" class="ElementsTableOfContentsItem sl-block sl-no-underline"><div title="Create order" class="sl-flex sl-items-center sl-h-md sl-pr-4 sl-pl-8 sl-cursor-pointer sl-select-none"><div class="sl-flex-1 sl-ml-1.5 sl-text-base sl-truncate">Create order</div><div class="sl-font-medium sl-uppercase sl-text-success sl-ml-2 sl-text-sm">post</div></div></a>
   <a href="/docs/tessera-api/operations/get-order-status" class="ElementsTableOfContentsItem sl-block sl-no-underline"><div title="Get order status" class="sl-flex sl-items-center sl-h-md sl-pr-4 sl-pl-8 sl-bg-primary-tint sl-cursor-pointer sl-select-none"><div class="sl-flex-1 sl-ml-1.5 sl-text-base sl-truncate">Get order status</div><div class="sl-font-medium sl-uppercase sl-text-success sl-ml-2 sl-text-sm">get</div></div></a>
  </div></div>
  <div class="sl-inline-block"><button class="sl-button sl-h-sm sl-text-base sl-font-medium sl-px-1.5 hover:sl-bg-canvas-50 sl-rounded sl-border-transparent sl-border" type="button">Export<svg class="sl-icon"></svg></button></div>
  <a href="https://stoplight.io/?utm_source=elements&amp;utm_medium=tessera&amp;utm_campaign=powered_by&amp;utm_content=/" target="_blank" rel="noopener noreferrer" class="sl-flex sl-items-center sl-px-4 sl-py-3 sl-border-t"><img src="https://stoplight.io/images/mark_light_bg.png" alt="Stoplight" style="width: 15px; height: 15px;"><div class="sl-ml-2">powered by&nbsp;<strong>Stoplight</strong></div></a>
 </div>
 <div class="sl-overflow-y-auto sl-flex-1 sl-w-full sl-px-24 sl-bg-canvas"><div class="sl-py-16" style="max-width: 1500px;">
  <div class="HttpOperation sl-flex sl-flex-col sl-w-full">
   <div class="sl-relative"><h1 class="sl-text-5xl sl-leading-tight sl-font-prose sl-font-semibold sl-text-heading">Get order status</h1></div>
   <div class="sl-flex sl-items-center sl-text-lg sl-font-mono"><div class="sl-font-semibold sl-uppercase sl-text-success">get</div><div class="sl-flex-1 sl-font-semibold">/orders/{orderId}/status</div></div>
   <div class="sl-flex"><div data-testid="two-column-left" class="sl-flex-1 sl-w-0">
    <div class="sl-stack sl-stack--vertical sl-stack--8"><h2 class="sl-text-2xl sl-leading-snug sl-font-prose sl-font-semibold sl-text-heading">Request</h2><div class="sl-text-lg sl-font-semibold">Path Parameters</div><div class="sl-flex sl-relative sl-py-2"><div class="sl-font-mono sl-font-semibold">orderId</div><span class="sl-text-muted">string</span><span class="sl-text-warning">required</span></div></div>
    <div class="sl-stack sl-stack--vertical sl-stack--8"><h2 class="sl-text-2xl sl-leading-snug sl-font-prose sl-font-semibold sl-text-heading">Responses</h2>
     <div role="tablist" class="sl-flex sl-gap-2"><button role="tab" class="sl-button sl-px-1.5 sl-text-success">200</button><button role="tab" class="sl-button sl-px-1.5 sl-text-danger">404</button><button role="tab" class="sl-button sl-px-1.5 sl-text-danger">429</button></div>
     <div class="sl-prose sl-markdown-viewer"><p>The current state of the order: created, paid, shipped or cancelled.</p></div></div>
   </div>
   <div data-testid="two-column-right" class="sl-relative sl-w-2/5 sl-ml-16" style="max-width: 500px;">
    <div class="TryItPanel sl-bg-canvas-100 sl-rounded-lg">
     <div class="sl-panel sl-outline-none sl-w-full"><div class="sl-panel__titlebar sl-flex sl-items-center sl-relative sl-pr-4"><div role="button" class="sl-flex sl-flex-1 sl-items-center sl-h-lg"><div class="sl-flex sl-items-center sl-mr-1.5">Parameters</div></div></div>
      <div class="sl-panel__content-wrapper"><div class="ParameterGrid sl-p-4"><label for="id_orderId">orderId*</label><div class="sl-flex sl-flex-1"><input id="id_orderId" aria-label="orderId" placeholder="string" type="text" class="sl-relative sl-w-full sl-h-md sl-text-base sl-pr-2.5 sl-pl-2.5 sl-rounded sl-border-transparent hover:sl-border-input focus:sl-border-primary sl-border" value=""></div></div></div></div>
     <div class="SendButtonHolder sl-mt-4 sl-p-4 sl-pt-0 sl-stack sl-stack--horizontal sl-stack--2 sl-flex sl-flex-row sl-items-center"><button type="button" class="sl-button sl-h-sm sl-text-base sl-font-medium sl-px-1.5 sl-bg-primary hover:sl-bg-primary-dark active:sl-bg-primary-darker sl-text-on-primary sl-rounded sl-border-transparent sl-border">Send API Request</button>
      <button type="button" class="sl-button sl-h-sm sl-text-base sl-font-medium sl-px-1.5 sl-bg-transparent sl-text-muted sl-rounded sl-border-transparent sl-border">Mock Server</button></div>
    </div>
    <div class="sl-panel sl-outline-none sl-w-full sl-rounded-lg"><div class="sl-panel__titlebar"><div role="button" class="sl-flex sl-flex-1 sl-items-center sl-h-lg">Request Sample: Shell / cURL</div></div></div>
   </div></div>
  </div>
 </div></div>
</div></div></div></body></html>`,
			met:    []string{"onb-auth-guide", "lim-rate-limits", "ref-error-catalog", "try-api-console"},
			notMet: []string{"ops-status-page", "code-github-org", "code-official-sdks", "com-pricing-page", "try-run-in-postman", "find-site-search", "chg-changelog"},
		},
		{
			name: "redocly redoc",
			url:  "https://developer.verdant.io/api/",
			html: `<html><head><meta charset="utf8"><title>Verdant API</title><style data-styled="true" data-styled-version="6.1.8">.sc-dcJsrY{width:calc(100% - 40%);}</style></head><body>
<div id="redoc"><div class="sc-kpDqfm ebxTEf redoc-wrap">
<div class="sc-dAlyuH sc-fUnMCh dUXQFs menu-content" style="top:0px;height:calc(100vh - 0px)">
 <div role="search" class="sc-eZkCL faxbWV"><svg class="sc-fhzFiK dXOJRh search-icon" version="1.1" viewBox="0 0 1000 1000" x="0px" y="0px"><path d="M968.2,849.4L667.3,549.5"></path></svg>
  <input placeholder="Search..." aria-label="Search" type="text" class="sc-gzqMAw jsBGbA search-input" value=""></div>
 <div class="sc-dlWCHZ kxdsUl scrollbar-container undefined"><ul class="sc-kMkxaj jdNpxH" role="menu">
  <li tabindex="0" depth="1" data-item-id="section/Authentication" class="sc-bfhvDw hOrQij"><label class="sc-kbhJrz kOrsiP -depth1" role="menuitem"><span title="Authentication" width="auto" class="sc-dtBdUo fHZvwX">Authentication</span></label></li>
  <li tabindex="0" depth="1" data-item-id="section/Rate-limits" class="sc-bfhvDw hOrQij"><label class="sc-kbhJrz kOrsiP -depth1" role="menuitem"><span title="Rate limits" width="auto" class="sc-dtBdUo fHZvwX">Rate limits</span></label></li>
  <li tabindex="0" depth="1" data-item-id="tag/Plans" class="sc-bfhvDw hOrQij"><label class="sc-kbhJrz kOrsiP -depth1" role="menuitem"><span title="Plans" width="auto" class="sc-dtBdUo fHZvwX">Plans</span><svg class="sc-cwHptR iZRiKW" version="1.1" viewBox="0 0 24 24" x="0" y="0" aria-hidden="true"><polygon points="17.3 8.3 12 13.6 6.7 8.3 5.3 9.7 12 16.4 18.7 9.7 "></polygon></svg></label>
   <ul class="sc-kMkxaj gBWQLz"><li tabindex="0" depth="2" data-item-id="tag/Plans/operation/listPlans" class="sc-bfhvDw dadFOq"><label class="sc-kbhJrz bGUMVm -depth2" role="menuitem"><span type="get" class="sc-jsJBEP gVsfaa operation-type get">get</span><span width="calc(100% - 38px)" class="sc-dtBdUo iuYhjd">List plans</span></label></li></ul></li>
 </ul>
 <div class="sc-jlZhew hPsWcE"><a target="_blank" rel="noopener noreferrer" href="https://redocly.com/redoc/">API docs by Redocly</a></div></div></div>
<div class="sc-iGgWBj cfVedG api-content">
 <div class="sc-eDPEul iTafQB"><div class="sc-dcJsrY gjRaeQ api-info"><h1 class="sc-fqkvVR sc-jXbUNg kHJQVq nTQzO">Verdant API<!-- --> <span>(<!-- -->2.1.0<!-- -->)</span></h1>
  <p>Download OpenAPI specification<!-- -->:<a download="openapi.json" target="_blank" class="sc-jlZhew kHJQVq">Download</a></p>
  <div class="sc-iGgWBj sc-gsFSXq eMnxZr bOFhJE"><div class="sc-eulNck daoCdu"><span>API Support<!-- -->: <a href="mailto:api-support@verdant.io">api-support@verdant.io</a></span> <span>URL: <a href="https://verdant.io/support">https://verdant.io/support</a></span> <span>License<!-- -->: <a href="https://verdant.io/legal/api-license">Proprietary</a></span> <a href="https://verdant.io/legal/api-terms">Terms of Service</a></div></div>
  <div class="sc-iGgWBj sc-gsFSXq eMnxZr bOFhJE redoc-markdown" data-role="redoc-summary"></div>
  <div class="sc-iGgWBj sc-gsFSXq eMnxZr bOFhJE redoc-markdown" data-role="redoc-description"><p>The Verdant API manages subscriptions for connected greenhouses.</p></div></div></div>
 <div id="section/Authentication" data-section-id="section/Authentication" class="sc-dcJsrY jvTJEv"><div class="sc-kAyceB hfGmOW"><div class="sc-fqkvVR oJKYx"><h1 class="sc-jXbUNg bnHoNB"><a class="sc-dhKdcB bhcKUh" href="#section/Authentication" aria-label="section/Authentication"></a>Authentication</h1></div></div>
  <div class="sc-iGgWBj sc-gsFSXq eMnxZr bOFhJE redoc-markdown"><p>Send your API key in the <code>Authorization</code> header as a bearer token.</p></div></div>
 <div id="section/Rate-limits" data-section-id="section/Rate-limits" class="sc-dcJsrY jvTJEv"><div class="sc-kAyceB hfGmOW"><div class="sc-fqkvVR oJKYx"><h1 class="sc-jXbUNg bnHoNB"><a class="sc-dhKdcB bhcKUh" href="#section/Rate-limits" aria-label="section/Rate-limits"></a>Rate limits</h1></div></div>
  <div class="sc-iGgWBj sc-gsFSXq eMnxZr bOFhJE redoc-markdown"><p>Each key may send 100 requests per minute; over the limit the API answers <code>429</code>.</p></div></div>
 <div id="tag/Plans" data-section-id="tag/Plans" class="sc-dcJsrY jvTJEv"><div class="sc-kAyceB hfGmOW"><div class="sc-fqkvVR oJKYx"><h2 class="sc-dAlyuH gytODt"><a class="sc-dhKdcB bhcKUh" href="#tag/Plans" aria-label="tag/Plans"></a>Plans</h2></div></div></div>
 <div id="tag/Plans/operation/listPlans" data-section-id="tag/Plans/operation/listPlans" class="sc-dcJsrY jsxQbp"><div data-section-id="operation/listPlans" id="operation/listPlans" class="sc-dcJsrY cxxPtb"><div class="sc-kAyceB hfGmOW">
  <h2 class="sc-dAlyuH gytODt"><a class="sc-dhKdcB bhcKUh" href="#tag/Plans/operation/listPlans" aria-label="tag/Plans/operation/listPlans"></a>List plans</h2>
  <div class="sc-iGgWBj sc-gsFSXq eMnxZr bOFhJE redoc-markdown"><p>Returns the plans a greenhouse can subscribe to.</p></div>
  <div class="sc-cfxfcM gMuOUj"><div class="sc-hmdomO bIhCWJ"><h5 class="sc-kpDqfm sc-dAbbOL kdWPDx ffAJUL">Authorizations:</h5><div class="sc-cwHptR dSGxYa"><span class="sc-kpKSZj kMnbn">bearerAuth</span></div></div></div>
  <div><h3 class="sc-hknOHE kUfnLT">Responses</h3>
   <div><button class="sc-eBMEME dVCBfE"><svg class="sc-cwHptR iZRiKW"></svg><strong class="sc-Nxspf jyQYKo">200<!-- --> </strong><div class="sc-iGgWBj sc-gsFSXq sc-kWtpeL eMnxZr bOFhJE kNjByF"><p>OK</p></div></button></div>
   <div><button class="sc-eBMEME fTyfbB"><svg class="sc-cwHptR iZRiKW"></svg><strong class="sc-Nxspf jyQYKo">401<!-- --> </strong><div class="sc-iGgWBj sc-gsFSXq sc-kWtpeL eMnxZr bOFhJE kNjByF"><p>Invalid or missing API key</p></div></button></div>
   <div><button class="sc-eBMEME fTyfbB"><svg class="sc-cwHptR iZRiKW"></svg><strong class="sc-Nxspf jyQYKo">429<!-- --> </strong><div class="sc-iGgWBj sc-gsFSXq sc-kWtpeL eMnxZr bOFhJE kNjByF"><p>Too many requests</p></div></button></div></div>
 </div>
 <div class="sc-jsTgWu sc-dwalKd dwtOKm fHkuBR"><div class="sc-tagGq cDaHMY"><button class="sc-esYiGF lhHqbq"><span type="get" class="sc-fvtFIe xNiIV http-verb get">get</span><span class="sc-bHnlcS kgZedW">/plans</span></button></div>
  <div><h3 class="sc-ejfMa-d fCeFqR"> <!-- -->Response samples<!-- --> </h3><div class="sc-dLMFU ePzHQE" data-rttabs="true"><ul class="react-tabs__tab-list" role="tablist"><li class="tab-success react-tabs__tab--selected" role="tab" aria-selected="true">200</li><li class="tab-error react-tabs__tab" role="tab" aria-selected="false">401</li><li class="tab-error react-tabs__tab" role="tab" aria-selected="false">429</li></ul></div></div></div>
 </div></div>
</div></div></div>
<script src="https://cdn.redoc.ly/redoc/v2.1.5/bundles/redoc.standalone.js"></script></body></html>`,
			met:    []string{"find-site-search", "onb-auth-guide", "lim-rate-limits", "ref-error-catalog", "sup-contact", "trust-api-terms"},
			notMet: []string{"try-api-console", "com-pricing-page", "code-github-org", "code-official-sdks", "ops-status-page", "try-run-in-postman"},
		},
		{
			name: "nextra",
			url:  "https://lumen.sh/docs",
			html: `<html lang="en" dir="ltr"><head><title>Introduction – Lumen</title><meta name="generator" content="Next.js"></head><body>
<div dir="ltr"><div class="nextra-nav-container nx-sticky nx-top-0 nx-z-20 nx-w-full nx-bg-transparent print:nx-hidden"><div class="nextra-nav-container-blur nx-pointer-events-none nx-absolute nx-z-[-1] nx-h-full nx-w-full nx-bg-white dark:nx-bg-dark nx-shadow-[0_2px_4px_rgba(0,0,0,.02),0_1px_0_rgba(0,0,0,.06)]"></div>
<nav class="nx-mx-auto nx-flex nx-h-[var(--nextra-navbar-height)] nx-max-w-[90rem] nx-items-center nx-justify-end nx-gap-2 nx-pl-[max(env(safe-area-inset-left),1.5rem)] nx-pr-[max(env(safe-area-inset-right),1.5rem)]">
 <a class="nx-flex nx-items-center hover:nx-opacity-75 ltr:nx-mr-auto rtl:nx-ml-auto" href="/"><span class="nx-font-extrabold">Lumen</span></a>
 <a href="/docs" class="nx-text-sm contrast-more:nx-text-gray-700 contrast-more:dark:nx-text-gray-100 nx-relative -nx-ml-2 nx-hidden nx-whitespace-nowrap nx-p-2 md:nx-inline-block nx-font-medium nx-subpixel-antialiased" aria-current="true"><span class="nx-absolute nx-inset-x-0 nx-text-center">Docs</span><span class="nx-invisible nx-font-medium">Docs</span></a>
 <a href="/pricing" class="nx-text-sm contrast-more:nx-text-gray-700 nx-relative -nx-ml-2 nx-hidden nx-whitespace-nowrap nx-p-2 md:nx-inline-block nx-text-gray-600 hover:nx-text-gray-800"><span class="nx-absolute nx-inset-x-0 nx-text-center">Pricing</span><span class="nx-invisible nx-font-medium">Pricing</span></a>
 <a href="/blog" class="nx-text-sm contrast-more:nx-text-gray-700 nx-relative -nx-ml-2 nx-hidden nx-whitespace-nowrap nx-p-2 md:nx-inline-block nx-text-gray-600 hover:nx-text-gray-800"><span class="nx-absolute nx-inset-x-0 nx-text-center">Blog</span><span class="nx-invisible nx-font-medium">Blog</span></a>
 <div class="nextra-search nx-relative md:nx-w-64 nx-hidden md:nx-inline-block mx-min-w-[200px]"><div class="nx-relative nx-flex nx-items-center nx-text-gray-900 contrast-more:nx-text-gray-800 dark:nx-text-gray-300"><input spellcheck="false" class="nx-block nx-w-full nx-appearance-none nx-rounded-lg nx-px-3 nx-py-2 nx-transition-colors nx-text-base nx-leading-tight md:nx-text-sm nx-bg-black/[.05] dark:nx-bg-gray-50/10" type="search" placeholder="Search documentation…" value=""><kbd class="nx-absolute nx-my-1.5 nx-select-none ltr:nx-right-1.5 rtl:nx-left-1.5 nx-h-5 nx-rounded nx-bg-white nx-px-1.5 nx-font-mono nx-text-[10px] nx-font-medium nx-text-gray-500">CTRL K</kbd></div></div>
 <a href="https://github.com/lumen-sh/lumen" target="_blank" rel="noreferrer" class="nx-p-2 nx-text-current"><svg width="24" height="24" fill="currentColor" viewBox="3 3 18 18"><title>GitHub</title><path d="M12 3C7.0275 3 3 7.12937 3 12.2276"></path></svg><span class="nx-sr-only">GitHub</span><span class="nx-sr-only"> (opens in a new tab)</span></a>
 <a href="https://discord.gg/lumen" target="_blank" rel="noreferrer" class="nx-p-2 nx-text-current"><svg width="24" height="24" fill="currentColor" viewBox="0 5 30.67 23.25"><title>Discord</title><path d="M26.0015 6.9529C24.0021 6.03845"></path></svg><span class="nx-sr-only">Discord</span><span class="nx-sr-only"> (opens in a new tab)</span></a>
 <button type="button" aria-label="Menu" class="nextra-hamburger -nx-mr-2 nx-rounded nx-p-2 active:nx-bg-gray-400/20 md:nx-hidden"><svg></svg></button>
</nav></div>
<div class="nx-mx-auto nx-flex nx-max-w-[90rem]">
<aside class="nextra-sidebar-container nx-flex nx-flex-col md:nx-top-16 md:nx-shrink-0 motion-reduce:nx-transform-none nx-transform-gpu nx-transition-all nx-ease-in-out print:nx-hidden md:nx-w-64 md:nx-sticky md:nx-self-start max-md:[transform:translate3d(0,-100%,0)]">
 <div class="nx-overflow-y-auto nx-overflow-x-hidden nx-p-4 nx-grow md:nx-h-[calc(100vh-var(--nextra-navbar-height)-var(--nextra-menu-height))] nextra-scrollbar"><div class="nx-transform-gpu nx-overflow-hidden nx-transition-all nx-ease-in-out motion-reduce:nx-transition-none">
  <ul class="nx-flex nx-flex-col nx-gap-1 nextra-menu-desktop max-md:nx-hidden">
   <li class="nx-flex nx-flex-col nx-gap-1 active"><a class="nx-flex nx-rounded nx-px-2 nx-py-1.5 nx-text-sm nx-transition-colors [word-break:break-word] nx-cursor-pointer [-webkit-tap-highlight-color:transparent] [-webkit-touch-callout:none] contrast-more:nx-border nx-bg-primary-100 nx-font-semibold nx-text-primary-800" href="/docs">Introduction</a></li>
   <li class="nx-flex nx-flex-col nx-gap-1"><a class="nx-flex nx-rounded nx-px-2 nx-py-1.5 nx-text-sm nx-transition-colors [word-break:break-word] nx-cursor-pointer nx-text-gray-500 hover:nx-bg-gray-100 hover:nx-text-gray-900" href="/docs/getting-started">Getting Started</a></li>
   <li class="nx-flex nx-flex-col nx-gap-1"><a class="nx-flex nx-rounded nx-px-2 nx-py-1.5 nx-text-sm nx-transition-colors nx-cursor-pointer nx-text-gray-500 hover:nx-bg-gray-100" href="/docs/api-keys">API keys</a></li>
   <li class="[word-break:break-word] nx-mt-5 nx-mb-2 nx-px-2 nx-py-1.5 nx-text-sm nx-font-semibold nx-text-gray-900 first:nx-mt-0 dark:nx-text-gray-100">SDKs</li>
   <li class="nx-flex nx-flex-col nx-gap-1"><a class="nx-flex nx-rounded nx-px-2 nx-py-1.5 nx-text-sm nx-transition-colors nx-cursor-pointer nx-text-gray-500 hover:nx-bg-gray-100" href="/docs/sdks/javascript">JavaScript SDK</a></li>
   <li class="nx-flex nx-flex-col nx-gap-1"><a class="nx-flex nx-rounded nx-px-2 nx-py-1.5 nx-text-sm nx-transition-colors nx-cursor-pointer nx-text-gray-500 hover:nx-bg-gray-100" href="/docs/sdks/python">Python SDK</a></li>
  </ul></div></div>
 <div class="nx-sticky nx-bottom-0 nx-bg-white dark:nx-bg-dark nx-mx-4 nx-py-4 nx-shadow-[0_-12px_16px_#fff] nx-flex nx-items-center nx-gap-2 dark:nx-border-neutral-800 nx-border-t nx-border-gray-200" data-toggle-animation="off"><div class="nx-grow nx-flex nx-flex-col"><button title="Change theme" class="nx-h-7 nx-rounded-md nx-px-2 nx-text-xs nx-font-medium nx-text-gray-600" type="button" aria-haspopup="listbox" aria-expanded="false"><div class="nx-flex nx-items-center nx-gap-2 nx-capitalize"><svg></svg><span>Light</span></div></button></div></div>
</aside>
<nav class="nextra-toc nx-order-last nx-hidden nx-w-64 nx-shrink-0 xl:nx-block print:nx-hidden" aria-label="table of contents"><div class="nextra-scrollbar nx-sticky nx-top-16 nx-overflow-y-auto nx-pr-4 nx-pt-6 nx-text-sm [hyphens:auto] nx-max-h-[calc(100vh-var(--nextra-navbar-height)-env(safe-area-inset-bottom))] ltr:nx--mr-4 rtl:nx--ml-4">
 <p class="nx-mb-4 nx-font-semibold nx-tracking-tight">On This Page</p><ul><li class="nx-my-2 nx-scroll-my-6 nx-scroll-py-6"><a href="#what-is-lumen" class="nx-font-semibold nx-inline-block nx-text-gray-500">What is Lumen?</a></li></ul>
 <div class="nx-mt-8 nx-border-t nx-bg-white nx-pt-8 nx-shadow-[0_-12px_16px_white] dark:nx-bg-dark nx-sticky nx-bottom-0 nx-flex nx-flex-col nx-items-start nx-gap-2 nx-pb-8 dark:nx-border-neutral-800"><a href="https://github.com/lumen-sh/docs/issues/new?title=Feedback%20for%20%E2%80%9CIntroduction%E2%80%9D&amp;labels=feedback" target="_blank" rel="noreferrer" class="nx-text-xs nx-font-medium nx-text-gray-500 hover:nx-text-gray-900">Question? Give us feedback →<span class="nx-sr-only"> (opens in a new tab)</span></a><a class="nx-text-xs nx-font-medium nx-text-gray-500 hover:nx-text-gray-900" href="https://github.com/lumen-sh/docs/blob/main/pages/docs/index.mdx">Edit this page</a></div>
</div></nav>
<article class="nx-w-full nx-break-words nextra-content nx-flex nx-min-h-[calc(100vh-var(--nextra-navbar-height))] nx-min-w-0 nx-justify-center nx-pb-8 nx-pr-[calc(env(safe-area-inset-right)-1.5rem)]"><main class="nx-w-full nx-min-w-0 nx-max-w-6xl nx-px-6 nx-pt-4 md:nx-px-12">
 <h1 class="nx-mt-2 nx-text-4xl nx-font-bold nx-tracking-tight nx-text-slate-900 dark:nx-text-slate-100">Introduction</h1>
 <h2 class="nx-font-semibold nx-tracking-tight nx-text-slate-900 dark:nx-text-slate-100 nx-mt-10 nx-border-b nx-pb-1 nx-text-3xl nx-border-neutral-200/70 contrast-more:nx-border-neutral-400 dark:nx-border-primary-100/10 contrast-more:dark:nx-border-neutral-400" id="what-is-lumen">What is Lumen?<a href="#what-is-lumen" class="subheading-anchor" aria-label="Permalink for this section"></a></h2>
 <p class="nx-mt-6 nx-leading-7 first:nx-mt-0">Lumen is a hosted feature-flag API.</p>
 <div class="nx-mb-8 nx-flex nx-items-center nx-border-t nx-pt-8 dark:nx-border-neutral-800 contrast-more:nx-border-neutral-400 print:nx-hidden"><a title="Getting Started" class="nx-flex nx-max-w-[50%] nx-items-center nx-gap-1 nx-py-4 nx-text-base nx-font-medium nx-text-gray-600 nx-transition-colors [word-break:break-word] hover:nx-text-primary-600 md:nx-text-lg ltr:nx-ml-auto ltr:nx-pl-4 ltr:nx-text-right rtl:nx-mr-auto rtl:nx-pr-4 rtl:nx-text-left" href="/docs/getting-started">Getting Started<svg></svg></a></div>
</main></article>
</div>
<footer class="nx-bg-gray-100 nx-pb-[env(safe-area-inset-bottom)] dark:nx-bg-neutral-900 print:nx-bg-transparent"><div class="nx-mx-auto nx-flex nx-max-w-[90rem] nx-gap-2 nx-py-2 nx-px-4 nx-hidden"></div><hr class="dark:nx-border-neutral-800"><div class="nx-mx-auto nx-flex nx-max-w-[90rem] nx-justify-center nx-py-12 nx-text-gray-600 dark:nx-text-gray-400 md:nx-justify-start nx-pl-[max(env(safe-area-inset-left),1.5rem)] nx-pr-[max(env(safe-area-inset-right),1.5rem)]">MIT 2024 © Nextra.</div></footer>
</div></body></html>`,
			met:    []string{"find-site-search", "com-pricing-page", "code-github-org", "cmty-chat", "onb-quickstart", "onb-auth-guide", "code-official-sdks"},
			notMet: []string{"trust-api-terms", "ops-status-page", "try-run-in-postman", "try-api-console", "trust-privacy", "chg-changelog"},
		},
		{
			name: "vitepress",
			url:  "https://docs.kestrel.dev/guide/what-is-kestrel.html",
			html: `<html lang="en-US" dir="ltr"><head><title>What is Kestrel? | Kestrel</title><meta name="generator" content="VitePress v1.3.4"></head><body>
<div id="app"><div class="Layout" data-v-5d98c3a5><div class="VPSkipLink"></div>
<header class="VPNav" data-v-5d98c3a5 data-v-ae24b3ad><div class="VPNavBar has-sidebar top" data-v-ae24b3ad><div class="wrapper"><div class="container"><div class="title"><div class="VPNavBarTitle has-sidebar"><a class="title" href="/"><img class="VPImage logo" src="/logo.svg" alt><span>Kestrel</span></a></div></div>
 <div class="content"><div class="content-body">
  <div class="VPNavBarSearch search"><div id="local-search"><button type="button" class="DocSearch DocSearch-Button" aria-label="Search"><span class="DocSearch-Button-Container"><span class="vp-icon DocSearch-Search-Icon"></span><span class="DocSearch-Button-Placeholder">Search</span></span><span class="DocSearch-Button-Keys"><kbd class="DocSearch-Button-Key"></kbd><kbd class="DocSearch-Button-Key">K</kbd></span></button></div></div>
  <nav aria-labelledby="main-nav-aria-label" class="VPNavBarMenu menu"><span id="main-nav-aria-label" class="visually-hidden">Main Navigation</span>
   <a class="VPLink link VPNavBarMenuLink active" href="/guide/what-is-kestrel.html" tabindex="0"><span>Guide</span></a>
   <a class="VPLink link VPNavBarMenuLink" href="/reference/" tabindex="0"><span>Reference</span></a>
   <div class="VPFlyout VPNavBarMenuGroup"><button type="button" class="button" aria-haspopup="true" aria-expanded="false"><span class="text"><span>v2.3.0</span><span class="vpi-chevron-down text-icon"></span></span></button>
    <div class="menu"><div class="VPMenu"><div class="items">
     <div class="VPMenuLink"><a class="VPLink link vp-external-link-icon" href="https://github.com/kestrel-dev/kestrel/blob/main/CHANGELOG.md" target="_blank" rel="noreferrer"><span>Changelog</span></a></div>
     <div class="VPMenuLink"><a class="VPLink link" href="/contributing.html"><span>Contributing</span></a></div>
    </div></div></div></div>
  </nav>
  <div class="VPNavBarAppearance appearance"><button class="VPSwitch VPSwitchAppearance" type="button" role="switch" title="Switch to dark theme" aria-checked="false"><span class="check"><span class="icon"><span class="vpi-sun sun"></span><span class="vpi-moon moon"></span></span></span></button></div>
  <div class="VPSocialLinks VPNavBarSocialLinks social-links"><a class="VPSocialLink no-icon" href="https://github.com/kestrel-dev/kestrel" aria-label="github" target="_blank" rel="noopener"><span class="vpi-social-github"></span></a><a class="VPSocialLink no-icon" href="https://discord.gg/kestrel" aria-label="discord" target="_blank" rel="noopener"><span class="vpi-social-discord"></span></a></div>
 </div></div></div></div><div class="divider"><div class="divider-line"></div></div></div></header>
<aside class="VPSidebar" data-v-5d98c3a5><div class="curtain"></div><nav class="nav" id="VPSidebarNav" aria-labelledby="sidebar-aria-label" tabindex="-1"><span class="visually-hidden" id="sidebar-aria-label"> Sidebar Navigation </span>
 <div class="group"><section class="VPSidebarItem level-0 has-active"><div class="item" role="button" tabindex="0"><div class="indicator"></div><h2 class="text">Introduction</h2></div><div class="items">
  <div class="VPSidebarItem level-1 is-link"><div class="item"><div class="indicator"></div><a class="VPLink link link" href="/guide/what-is-kestrel.html"><p class="text">What is Kestrel?</p></a></div></div>
  <div class="VPSidebarItem level-1 is-link"><div class="item"><div class="indicator"></div><a class="VPLink link link" href="/guide/getting-started.html"><p class="text">Getting Started</p></a></div></div>
  <div class="VPSidebarItem level-1 is-link"><div class="item"><div class="indicator"></div><a class="VPLink link link" href="/guide/authentication.html"><p class="text">Authentication</p></a></div></div>
 </div></section></div>
 <div class="group"><section class="VPSidebarItem level-0"><div class="item" role="button" tabindex="0"><div class="indicator"></div><h2 class="text">SDKs</h2></div><div class="items">
  <div class="VPSidebarItem level-1 is-link"><div class="item"><div class="indicator"></div><a class="VPLink link link" href="/sdks/node.html"><p class="text">Node.js</p></a></div></div>
  <div class="VPSidebarItem level-1 is-link"><div class="item"><div class="indicator"></div><a class="VPLink link link" href="/sdks/python.html"><p class="text">Python</p></a></div></div>
 </div></section></div>
</nav></aside>
<div class="VPContent has-sidebar" id="VPContent"><div class="VPDoc has-sidebar has-aside"><div class="container"><div class="content"><div class="content-container"><main class="main"><div style="position:relative;" class="vp-doc _guide_what-is-kestrel">
 <div><h1 id="what-is-kestrel" tabindex="-1">What is Kestrel? <a class="header-anchor" href="#what-is-kestrel" aria-label="Permalink to &quot;What is Kestrel?&quot;">​</a></h1><p>Kestrel is an API for scheduling background jobs over HTTP.</p></div></div></main>
 <footer class="VPDocFooter"><div class="edit-info"><div class="edit-link"><a class="VPLink link vp-external-link-icon no-icon edit-link-button" href="https://github.com/kestrel-dev/kestrel/edit/main/docs/guide/what-is-kestrel.md" target="_blank" rel="noreferrer"><span class="vpi-square-pen edit-link-icon"></span> Edit this page on GitHub</a></div><div class="last-updated"><p class="VPLastUpdated">Last updated: <time datetime="2024-05-02T10:11:00.000Z">5/2/24, 10:11 AM</time></p></div></div>
  <nav class="prev-next" aria-labelledby="doc-footer-aria-label"><span class="visually-hidden" id="doc-footer-aria-label">Pager</span><div class="pager"><a class="VPLink link pager-link next" href="/guide/getting-started.html"><span class="desc">Next page</span><span class="title">Getting Started</span></a></div></nav></footer>
</div></div></div></div></div>
<footer class="VPFooter has-sidebar"><div class="container"><p class="message">Released under the MIT License.</p><p class="copyright">Copyright © 2021-present Kestrel Labs</p></div></footer>
</div></div></body></html>`,
			met:    []string{"find-site-search", "chg-changelog", "code-github-org", "cmty-chat", "onb-quickstart", "onb-auth-guide", "code-official-sdks"},
			notMet: []string{"trust-api-terms", "ops-status-page", "com-pricing-page", "try-run-in-postman", "try-api-console", "trust-privacy", "onb-self-signup"},
		},
		{
			name: "sphinx furo",
			url:  "https://pyrope.readthedocs.io/en/latest/",
			html: `<html class="no-js" lang="en" data-content_root="./"><head><meta name="generator" content="sphinx-7.2.6, furo 2024.01.29"><title>Pyrope 3.2 documentation</title>
<link rel="stylesheet" type="text/css" href="_static/styles/furo.css?v=354aac6f"></head><body>
<svg xmlns="http://www.w3.org/2000/svg" style="display: none;"><symbol id="svg-toc" viewBox="0 0 24 24"><title>Contents</title></symbol><symbol id="svg-menu" viewBox="0 0 24 24"><title>Menu</title></symbol></svg>
<input type="checkbox" class="sidebar-toggle" name="__navigation" id="__navigation"><input type="checkbox" class="sidebar-toggle" name="__toc" id="__toc">
<label class="overlay sidebar-overlay" for="__navigation"><div class="visually-hidden">Hide navigation sidebar</div></label>
<div class="page">
 <header class="mobile-header"><div class="header-left"><label class="nav-overlay-icon" for="__navigation"><div class="visually-hidden">Toggle site navigation sidebar</div><i class="icon"><svg><use href="#svg-menu"></use></svg></i></label></div>
  <div class="header-center"><a href="#"><div class="brand">Pyrope 3.2 documentation</div></a></div>
  <div class="header-right"><div class="theme-toggle-container theme-toggle-header"><button class="theme-toggle"><div class="visually-hidden">Toggle Light / Dark / Auto color theme</div></button></div></div></header>
 <aside class="sidebar-drawer"><div class="sidebar-container"><div class="sidebar-sticky">
  <a class="sidebar-brand" href="#"><span class="sidebar-brand-text">Pyrope 3.2 documentation</span></a>
  <form class="sidebar-search-container" method="get" action="search.html" role="search"><input class="sidebar-search" placeholder="Search" name="q" aria-label="Search"><input type="hidden" name="check_keywords" value="yes"><input type="hidden" name="area" value="default"></form><div id="searchbox"></div>
  <div class="sidebar-scroll"><div class="sidebar-tree">
   <p class="caption" role="heading"><span class="caption-text">User guide</span></p>
   <ul><li class="toctree-l1"><a class="reference internal" href="install.html">Installation</a></li>
    <li class="toctree-l1"><a class="reference internal" href="quickstart.html">Quickstart</a></li>
    <li class="toctree-l1"><a class="reference internal" href="authentication.html">Authentication</a></li>
    <li class="toctree-l1"><a class="reference internal" href="api.html">API reference</a></li></ul>
   <p class="caption" role="heading"><span class="caption-text">Project</span></p>
   <ul><li class="toctree-l1"><a class="reference internal" href="changelog.html">Changelog</a></li>
    <li class="toctree-l1"><a class="reference internal" href="license.html">License</a></li></ul>
  </div></div>
 </div></div></aside>
 <div class="main"><div class="content"><div class="article-container">
  <a href="#" class="back-to-top muted-link"><svg></svg><span>Back to top</span></a>
  <div class="content-icon-container"><div class="theme-toggle-container theme-toggle-content"><button class="theme-toggle"><div class="visually-hidden">Toggle Light / Dark / Auto color theme</div></button></div><label class="toc-overlay-icon toc-content-icon" for="__toc"><div class="visually-hidden">Toggle table of contents sidebar</div><i class="icon"><svg><use href="#svg-toc"></use></svg></i></label></div>
  <article role="main" id="furo-main-content">
   <section id="pyrope"><h1>Pyrope<a class="headerlink" href="#pyrope" title="Link to this heading">¶</a></h1>
    <p>Pyrope is the official Python client for the Pyrope geocoding API.</p>
    <div class="highlight-console notranslate"><div class="highlight"><pre><span></span><span class="gp">$ </span>pip<span class="w"> </span>install<span class="w"> </span>pyrope</pre></div></div>
    <p>Releases are published on <a class="reference external" href="https://pypi.org/project/pyrope/">PyPI</a>.</p>
   </section>
  </article>
 </div>
 <footer><div class="related-pages"><a class="next-page" href="install.html"><div class="page-info"><div class="context"><span>Next</span></div><div class="title">Installation</div></div><svg class="furo-related-icon"><use href="#svg-arrow-right"></use></svg></a></div>
  <div class="bottom-of-page"><div class="left-details"><div class="copyright">Copyright &#169; 2024, Pyrope Labs</div>
   Made with <a href="https://www.sphinx-doc.org/">Sphinx</a> and <a class="muted-link" href="https://pradyunsg.me">@pradyunsg</a>'s <a href="https://github.com/pradyunsg/furo">Furo</a></div>
   <div class="right-details"></div></div></footer>
 </div>
 <aside class="toc-drawer no-toc"></aside>
 </div></div>
<script src="_static/documentation_options.js?v=1e2b3c4d"></script><script src="_static/scripts/furo.js?v=32e29ea5"></script></body></html>`,
			met:    []string{"find-site-search", "onb-quickstart", "onb-auth-guide", "chg-changelog", "code-official-sdks"},
			notMet: []string{"code-github-org", "ops-status-page", "com-pricing-page", "try-api-console", "try-run-in-postman", "cmty-chat", "trust-api-terms", "trust-privacy"},
		},
		{
			name: "sphinx read the docs theme",
			url:  "https://docs.tidewater.io/en/latest/index.html",
			html: `<html class="writer-html5" lang="en" data-content_root="./"><head><meta name="generator" content="Docutils 0.20.1: https://docutils.sourceforge.io/"><title>Tidewater API documentation &mdash; Tidewater 1.8 documentation</title>
<link rel="stylesheet" href="_static/css/theme.css?v=19f00094" type="text/css"><script src="_static/js/theme.js"></script></head>
<body class="wy-body-for-nav"><div class="wy-grid-for-nav">
<nav data-toggle="wy-nav-shift" class="wy-nav-side"><div class="wy-side-scroll">
 <div class="wy-side-nav-search"><a href="#" class="icon icon-home">Tidewater</a><div class="version">1.8</div>
  <div role="search"><form id="rtd-search-form" class="wy-form" action="search.html" method="get"><input type="text" name="q" placeholder="Search docs" aria-label="Search docs"><input type="hidden" name="check_keywords" value="yes"><input type="hidden" name="area" value="default"></form></div></div>
 <div class="wy-menu wy-menu-vertical" data-spy="affix" role="navigation" aria-label="Navigation menu">
  <p class="caption" role="heading"><span class="caption-text">Getting started</span></p>
  <ul><li class="toctree-l1"><a class="reference internal" href="quickstart.html">Quickstart</a></li>
   <li class="toctree-l1"><a class="reference internal" href="authentication.html">Authentication</a></li>
   <li class="toctree-l1"><a class="reference internal" href="errors.html">Error codes</a></li></ul>
  <p class="caption" role="heading"><span class="caption-text">Reference</span></p>
  <ul><li class="toctree-l1"><a class="reference internal" href="reference/stations.html">Stations</a></li>
   <li class="toctree-l1"><a class="reference internal" href="reference/tides.html">Tide predictions</a></li>
   <li class="toctree-l1"><a class="reference internal" href="release-notes.html">Release notes</a></li></ul>
 </div></div></nav>
<section data-toggle="wy-nav-shift" class="wy-nav-content-wrap"><nav class="wy-nav-top" aria-label="Mobile navigation menu"><i data-toggle="wy-nav-top" class="fa fa-bars"></i><a href="#">Tidewater</a></nav>
 <div class="wy-nav-content"><div class="rst-content">
  <div role="navigation" aria-label="Page navigation"><ul class="wy-breadcrumbs"><li><a href="#" class="icon icon-home" aria-label="Home"></a></li><li class="breadcrumb-item active">Tidewater API documentation</li>
   <li class="wy-breadcrumbs-aside"><a href="https://github.com/tidewater-io/tidewater-docs/blob/main/docs/index.rst" class="fa fa-github"> Edit on GitHub</a></li></ul><hr></div>
  <div role="main" class="document" itemscope="itemscope" itemtype="http://schema.org/Article"><div itemprop="articleBody">
   <section id="tidewater-api-documentation"><h1>Tidewater API documentation<a class="headerlink" href="#tidewater-api-documentation" title="Link to this heading"></a></h1>
    <p>The Tidewater API serves tide predictions for 3,000 stations.</p></section></div></div>
  <footer><div class="rst-footer-buttons" role="navigation" aria-label="Footer"><a href="quickstart.html" class="btn btn-neutral float-right" title="Quickstart" accesskey="n" rel="next">Next <span class="fa fa-arrow-circle-right" aria-hidden="true"></span></a></div><hr>
   <div role="contentinfo"><p>&#169; Copyright 2024, Tidewater Inc.</p></div>
   Built with <a href="https://www.sphinx-doc.org/">Sphinx</a> using a <a href="https://github.com/readthedocs/sphinx_rtd_theme">theme</a> provided by <a href="https://readthedocs.org">Read the Docs</a>.</footer>
 </div></div></section></div>
<div class="rst-versions" data-toggle="rst-versions" role="note" aria-label="Versions"><span class="rst-current-version" data-toggle="rst-current-version"><span class="fa fa-book"> Read the Docs</span> v: latest <span class="fa fa-caret-down"></span></span>
 <div class="rst-other-versions"><dl><dt>Versions</dt><dd><a href="/en/latest/">latest</a></dd><dd><a href="/en/stable/">stable</a></dd></dl>
  <dl><dt>Downloads</dt><dd><a href="//tidewater.readthedocs.io/_/downloads/en/latest/pdf/">pdf</a></dd><dd><a href="//tidewater.readthedocs.io/_/downloads/en/latest/htmlzip/">html</a></dd></dl>
  <dl><dt>On Read the Docs</dt><dd><a href="//readthedocs.org/projects/tidewater/?fromdocs=tidewater">Project Home</a></dd><dd><a href="//readthedocs.org/builds/tidewater/?fromdocs=tidewater">Builds</a></dd></dl>
  <hr>Free document hosting provided by <a href="http://www.readthedocs.org">Read the Docs</a>.</div></div>
<script>jQuery(function () { SphinxRtdTheme.Navigation.enable(true); });</script></body></html>`,
			met:    []string{"find-site-search", "code-github-org", "onb-quickstart", "onb-auth-guide", "ref-error-catalog", "chg-changelog"},
			notMet: []string{"ops-status-page", "com-pricing-page", "code-official-sdks", "try-api-console", "try-run-in-postman", "trust-api-terms", "cmty-forum"},
		},
		{
			name: "hugo docsy",
			url:  "https://tern.dev/docs/",
			html: `<html itemscope itemtype="http://schema.org/WebPage" lang="en" class="no-js"><head><meta name="generator" content="Hugo 0.125.4"><title>Documentation | Tern</title></head>
<body class="td-section"><header><nav class="td-navbar js-navbar-scroll" data-bs-theme="dark"><div class="container-fluid flex-column flex-md-row">
 <a class="navbar-brand" href="/"><span class="navbar-brand__logo navbar-logo"><svg></svg></span><span class="navbar-brand__name">Tern</span></a>
 <div class="td-navbar-nav-scroll ms-md-auto" id="main_navbar"><ul class="navbar-nav">
  <li class="nav-item"><a class="nav-link active" href="/docs/"><span>Documentation</span></a></li>
  <li class="nav-item"><a class="nav-link" href="/blog/"><span>Blog</span></a></li>
  <li class="nav-item"><a class="nav-link" href="/community/"><span>Community</span></a></li>
  <li class="nav-item dropdown d-none d-lg-block"><div class="dropdown"><a class="nav-link dropdown-toggle" href="#" role="button" data-bs-toggle="dropdown" aria-haspopup="true" aria-expanded="false">Releases</a><ul class="dropdown-menu"><li><a class="dropdown-item" href="https://tern.dev">v1.4</a></li><li><a class="dropdown-item" href="https://v1-3.tern.dev">v1.3</a></li><li><a class="dropdown-item" href="https://v1-2.tern.dev">v1.2</a></li></ul></div></li>
 </ul></div>
 <div class="d-none d-lg-block"><div class="td-search td-search--offline"><div class="td-search__icon"></div><input type="search" class="td-search__input form-control" placeholder="Search this site…" aria-label="Search this site…" autocomplete="off" data-offline-search-index-json-src="/offline-search-index.json" data-offline-search-base-href="/" data-offline-search-max-results="10"></div></div>
</div></nav></header>
<div class="container-fluid td-outer"><div class="td-main"><div class="row flex-xl-nowrap">
 <aside class="col-12 col-md-3 col-xl-2 td-sidebar d-print-none"><div id="td-sidebar-menu" class="td-sidebar__inner">
  <form class="td-sidebar__search d-flex align-items-center"><div class="td-search td-search--offline"><div class="td-search__icon"></div><input type="search" class="td-search__input form-control" placeholder="Search this site…" aria-label="Search this site…" autocomplete="off"></div><button class="btn btn-link td-sidebar__toggle d-md-none p-0 ms-3 fas fa-bars" type="button" data-bs-toggle="collapse" data-bs-target="#td-section-nav" aria-controls="td-section-nav" aria-expanded="false" aria-label="Toggle section navigation"></button></form>
  <nav class="td-sidebar-nav collapse foldable-nav" id="td-section-nav"><ul class="td-sidebar-nav__section pe-md-3 ul-0">
   <li class="td-sidebar-nav__section-title td-sidebar-nav__section with-child active-path" id="m-docs-li"><a href="/docs/" class="align-left ps-0 active td-sidebar-link td-sidebar-link__section tree-root" id="m-docs"><span class="td-sidebar-nav-active-item">Documentation</span></a>
    <ul class="ul-1">
     <li class="td-sidebar-nav__section-title td-sidebar-nav__section without-child" id="m-docsgetting-started-li"><a href="/docs/getting-started/" class="align-left ps-0 td-sidebar-link td-sidebar-link__page" id="m-docsgetting-started"><span class="">Getting Started</span></a></li>
     <li class="td-sidebar-nav__section-title td-sidebar-nav__section without-child" id="m-docsconcepts-li"><a href="/docs/concepts/" class="align-left ps-0 td-sidebar-link td-sidebar-link__page" id="m-docsconcepts"><span class="">Concepts</span></a></li>
     <li class="td-sidebar-nav__section-title td-sidebar-nav__section without-child" id="m-docsauthentication-li"><a href="/docs/authentication/" class="align-left ps-0 td-sidebar-link td-sidebar-link__page" id="m-docsauthentication"><span class="">Authentication</span></a></li>
     <li class="td-sidebar-nav__section-title td-sidebar-nav__section without-child" id="m-docsreference-li"><a href="/docs/reference/" class="align-left ps-0 td-sidebar-link td-sidebar-link__page" id="m-docsreference"><span class="">API Reference</span></a></li>
    </ul></li></ul></nav>
 </div></aside>
 <aside class="d-none d-xl-block col-xl-2 td-sidebar-toc d-print-none"><div class="td-page-meta ms-2 pb-1 pt-2 mb-0">
  <a href="https://github.com/tern-dev/website/edit/main/content/en/docs/_index.md" class="td-page-meta--edit td-page-meta__edit" target="_blank" rel="noopener"><i class="fa-solid fa-pen-to-square fa-fw"></i> Edit this page</a>
  <a href="https://github.com/tern-dev/website/new/main/content/en/docs?filename=change-me.md" class="td-page-meta--child td-page-meta__child" target="_blank" rel="noopener"><i class="fa-solid fa-pen-to-square fa-fw"></i> Create child page</a>
  <a href="https://github.com/tern-dev/website/issues/new?title=Documentation" class="td-page-meta--issue td-page-meta__issue" target="_blank" rel="noopener"><i class="fa-solid fa-list-check fa-fw"></i> Create documentation issue</a>
  <a href="https://github.com/tern-dev/tern/issues/new" class="td-page-meta--project td-page-meta__project-issue" target="_blank" rel="noopener"><i class="fa-solid fa-list-check fa-fw"></i> Create project issue</a>
  <a id="print" href="/docs/_print/"><i class="fa-solid fa-print fa-fw"></i> Print entire section</a></div>
  <div class="td-toc"><nav id="TableOfContents"><ul><li><a href="#what-is-tern">What is Tern?</a></li></ul></nav></div></aside>
 <main class="col-12 col-md-9 col-xl-8 ps-md-5" role="main"><div class="td-content">
  <h1>Documentation</h1><div class="lead">Everything you need to run Tern.</div>
  <h2 id="what-is-tern">What is Tern?</h2><p>Tern is an open-source API gateway with a hosted control plane.</p>
  <div class="section-index"><div class="entry"><h5><a href="/docs/getting-started/">Getting Started</a></h5><p>Install Tern and route your first request.</p></div></div>
  <div class="td-page-meta__lastmod">Last modified May 2, 2024: <a href="https://github.com/tern-dev/website/commit/4f2a9c1">Update docs (4f2a9c1)</a></div>
 </div></main>
</div></div>
<footer class="td-footer row d-print-none"><div class="container-fluid"><div class="row mx-md-2">
 <div class="td-footer__left col-6 col-sm-4 order-sm-1"><ul class="td-footer__links-list">
  <li class="td-footer__links-item" data-bs-toggle="tooltip" title="User mailing list" aria-label="User mailing list"><a target="_blank" rel="noopener" href="https://groups.google.com/g/tern-users" aria-label="User mailing list"><i class="fa fa-envelope"></i></a></li>
  <li class="td-footer__links-item" data-bs-toggle="tooltip" title="Stack Overflow" aria-label="Stack Overflow"><a target="_blank" rel="noopener" href="https://stackoverflow.com/questions/tagged/tern-gateway" aria-label="Stack Overflow"><i class="fab fa-stack-overflow"></i></a></li></ul></div>
 <div class="td-footer__right col-6 col-sm-4 order-sm-3"><ul class="td-footer__links-list">
  <li class="td-footer__links-item" data-bs-toggle="tooltip" title="GitHub" aria-label="GitHub"><a target="_blank" rel="noopener" href="https://github.com/tern-dev/tern" aria-label="GitHub"><i class="fab fa-github"></i></a></li>
  <li class="td-footer__links-item" data-bs-toggle="tooltip" title="Slack" aria-label="Slack"><a target="_blank" rel="noopener" href="https://tern-dev.slack.com/" aria-label="Slack"><i class="fab fa-slack"></i></a></li></ul></div>
 <div class="td-footer__center col-12 col-sm-4 py-2 order-sm-2"><span class="td-footer__copyright">&copy; 2024 <span class="td-footer__authors">The Tern Authors</span></span> <span class="td-footer__all_rights_reserved">All Rights Reserved</span><span class="ms-2"><a href="https://tern.dev/privacy/" target="_blank" rel="noopener">Privacy Policy</a></span></div>
</div></div></footer>
</div>
<script src="/js/main.min.js" crossorigin="anonymous"></script><script src="/js/offline-search.js"></script></body></html>`,
			met: []string{"find-site-search", "code-github-org", "cmty-chat", "cmty-forum", "trust-privacy", "onb-quickstart", "onb-auth-guide"},
			// Docsy's version menu is labelled "Releases" (version_menu) and lists the doc
			// sites of older versions: a version switcher, not release notes.
			notMet: []string{"chg-changelog", "ops-status-page", "com-pricing-page", "try-api-console", "try-run-in-postman", "trust-api-terms", "onb-self-signup", "code-official-sdks"},
		},
		{
			name: "postman public documentation",
			url:  "https://documenter.getpostman.com/view/2401832/2sA3QmEvBs",
			html: `<html lang="en"><head><title>Parcelly Public API</title><meta name="description" content="The Parcelly Public API lets you create shipments and track payments."></head><body>
<div id="root"><div class="documentation-container">
<header class="documenter-header pm-header"><div class="pm-header__left"><a class="pm-header__logo" href="https://www.postman.com" aria-label="Postman"><svg class="pm-logo"></svg></a><h1 class="collection-title">Parcelly Public API</h1></div>
 <div class="pm-header__right">
  <div class="environment-select"><span class="label">Environment</span><button class="btn btn-secondary dropdown-toggle" type="button">No environment</button></div>
  <div class="language-select"><span class="label">Language</span><button class="btn btn-secondary dropdown-toggle" type="button">cURL - cURL</button></div>
  <a class="btn btn-primary run-in-postman-button" href="https://app.getpostman.com/run-collection/2401832-7e9d4b1a-0f1c-4c6e-9a0e-2f3b6c9a1d55?action=collection%2Ffork&amp;source=rip_markdown&amp;collection-url=entityId%3D2401832-7e9d4b1a" target="_blank" rel="noopener noreferrer">Run in Postman</a>
 </div></header>
<div class="documentation-core"><nav class="sidebar" aria-label="Collection"><ul class="sidebar-list">
 <li class="sidebar-item sidebar-item--intro"><a href="#intro">Introduction</a>
  <ul class="sidebar-sublist"><li><a href="#getting-started">Getting started</a></li><li><a href="#authentication">Authentication</a></li><li><a href="#error-codes">Error codes</a></li><li><a href="#rate-limits">Rate limits</a></li></ul></li>
 <li class="sidebar-item sidebar-item--folder"><a href="#shipments">Shipments</a><ul class="sidebar-sublist"><li><a href="#create-shipment"><span class="request-method request-method--POST">POST</span>Create shipment</a></li></ul></li>
 <li class="sidebar-item sidebar-item--folder"><a href="#payments">Payments</a><ul class="sidebar-sublist"><li><a href="#get-payment-status"><span class="request-method request-method--GET">GET</span>Get payment status</a></li></ul></li>
</ul></nav>
<main class="documentation-content">
 <section class="collection-description" id="intro"><h2 class="heading">Introduction</h2><p>The Parcelly Public API lets you create shipments and track payments.</p>
  <h3 id="getting-started">Getting started</h3><p>Fork the collection, set the <code>apiKey</code> variable and send <em>Create shipment</em>.</p>
  <h3 id="authentication">Authentication</h3><p>Every request sends an <code>X-Api-Key</code> header.</p>
  <h3 id="error-codes">Error codes</h3><table><thead><tr><th>Code</th><th>Meaning</th></tr></thead><tbody><tr><td>400</td><td>Invalid request body</td></tr><tr><td>401</td><td>Missing or invalid API key</td></tr><tr><td>404</td><td>Unknown shipment</td></tr></tbody></table>
  <h3 id="rate-limits">Rate limits</h3><p>60 requests per minute per key; over the limit the API answers 429.</p></section>
 <section class="folder" id="payments"><h2 class="heading">Payments</h2>
  <div class="request" id="get-payment-status"><h3 class="request-name"><span class="request-method request-method--GET">GET</span> Get payment status</h3><div class="request-url">https://api.parcelly.io/v1/payments/:paymentId/status</div>
   <div class="request-example"><h4>Example Request</h4><div class="example-select"><button class="btn btn-link">Paid</button></div><pre class="code-block"><code>curl --location 'https://api.parcelly.io/v1/payments/pay_123/status' --header 'X-Api-Key: {{apiKey}}'</code></pre>
   <h4>Example Response</h4><pre class="code-block"><code>{"status": "paid"}</code></pre></div></div></section>
</main></div>
</div></div></body></html>`,
			met:    []string{"try-run-in-postman", "onb-quickstart", "onb-auth-guide", "ref-error-catalog", "lim-rate-limits"},
			notMet: []string{"ops-status-page", "code-github-org", "code-official-sdks", "try-api-console", "com-pricing-page"},
		},
		{
			name: "scalar",
			url:  "https://api.fernbank.io/reference",
			html: `<html lang="en"><head><title>Fernbank API Reference</title></head><body>
<div id="app" data-v-app><div class="scalar-app scalar-api-reference references-layout references-sidebar references-sidebar-mobile-closed light-mode" style="--full-height: 100dvh;">
<header class="references-header"><div class="api-reference-toolbar"></div></header>
<aside class="references-navigation t-doc__sidebar"><div class="references-navigation-list"><div class="sidebar">
 <div class="sidebar-search"><button class="search-field" type="button"><svg class="search-icon"></svg><div class="sidebar-search-placeholder">Search</div><div class="sidebar-search-shortcut"><span class="sidebar-search-key">⌘</span><span class="sidebar-search-key">K</span></div></button></div>
 <ul class="sidebar-pages custom-scroll custom-scroll-self-contain-overflow">
  <li class="sidebar-group-item"><div class="sidebar-heading"><a class="sidebar-heading-link" href="#introduction"><p class="sidebar-heading-link-title">Introduction</p></a></div></li>
  <li class="sidebar-group-item"><div class="sidebar-heading"><a class="sidebar-heading-link" href="#description/authentication"><p class="sidebar-heading-link-title">Authentication</p></a></div></li>
  <li class="sidebar-group-item"><div class="sidebar-heading sidebar-group-item__folder"><button class="toggle-nested-icon" type="button" aria-expanded="true"><span class="sr-only">Close Group</span></button><a class="sidebar-heading-link" href="#tag/orders"><p class="sidebar-heading-link-title">Orders</p></a></div>
   <ul class="sidebar-group">
    <li class="sidebar-group-item"><div class="sidebar-heading"><a class="sidebar-heading-link" href="#tag/orders/POST/orders"><p class="sidebar-heading-link-title">Create an order</p><div class="sidebar-heading-link-method"><span class="sidebar-method sidebar-method--post">post</span></div></a></div></li>
    <li class="sidebar-group-item"><div class="sidebar-heading"><a class="sidebar-heading-link" href="#tag/orders/GET/orders/{id}/status"><p class="sidebar-heading-link-title">Get order status</p><div class="sidebar-heading-link-method"><span class="sidebar-method sidebar-method--get">get</span></div></a></div></li>
   </ul></li>
  <li class="sidebar-group-item"><div class="sidebar-heading"><a class="sidebar-heading-link" href="#model"><p class="sidebar-heading-link-title">Models</p></a></div></li>
 </ul>
 <div class="darklight-reference"><button class="darklight" type="button"><svg class="darklight-icon"></svg><span>Dark Mode</span></button><a class="darklight-reference-promo" href="https://www.scalar.com" target="_blank">Powered by Scalar</a></div>
</div></div></aside>
<main class="references-rendered" aria-label="Open API Documentation">
 <div class="section-container"><section class="section introduction-section" id="introduction"><div class="section-content"><div class="section-columns"><div class="section-column">
  <div class="badges"><div class="badge">v1.2.0</div><div class="badge">OAS 3.1.0</div></div>
  <h1 class="section-header heading">Fernbank API</h1>
  <div class="download-container group"><a class="download-button" href="/openapi.json" download="openapi.json"><span>Download OpenAPI Document</span></a></div>
  <div class="markdown"><p>Fernbank lets retailers accept instalment payments.</p><h2 id="description/authentication">Authentication</h2><p>Exchange your client credentials for an OAuth 2.0 access token and send it as a bearer token.</p></div>
 </div><div class="section-column">
  <div class="scalar-card"><div class="scalar-card-header"><span class="scalar-card-header-title">Server</span></div><div class="scalar-card-content"><select aria-label="Server"><option>https://api.fernbank.io</option><option>https://sandbox.api.fernbank.io</option></select></div></div>
  <div class="scalar-card"><div class="scalar-card-header"><span class="scalar-card-header-title">Authentication</span></div><div class="scalar-card-content"><label for="auth-token">Bearer Token</label><input id="auth-token" type="password" placeholder="Token" autocomplete="off"></div></div>
  <div class="scalar-card client-libraries"><div class="client-libraries-heading">Client Libraries</div><div class="client-libraries-content" role="tablist"><button class="client-libraries client-libraries__active" role="tab" type="button"><span>Shell</span></button><button class="client-libraries" role="tab" type="button"><span>Node.js</span></button><button class="client-libraries" role="tab" type="button"><span>Python</span></button><button class="client-libraries" role="tab" type="button"><span>Ruby</span></button><button class="client-libraries" role="tab" type="button"><span>PHP</span></button></div><div class="selected-client">Shell Curl</div></div>
 </div></div></div></section></div>
 <div class="section-container"><section class="section" id="tag/orders/GET/orders/{id}/status"><div class="section-content"><div class="section-columns"><div class="section-column">
  <h3 class="section-header"><span class="section-header-label">Get order status</span></h3>
  <div class="endpoint-details"><div class="markdown"><p>Returns where an order is in the instalment flow.</p></div>
   <div class="parameter-list"><div class="parameter-list-title">Path Parameters</div><ul class="parameter-list-items"><li class="parameter-item"><span class="parameter-item-name">id</span><span class="parameter-item-type">string</span><span class="parameter-item-required-optional">required</span></li></ul></div>
   <div class="parameter-list"><div class="parameter-list-title">Responses</div><ul class="parameter-list-items">
    <li class="parameter-item"><span class="parameter-item-name">200</span><div class="parameter-item-description"><p>The order's current state</p></div></li>
    <li class="parameter-item"><span class="parameter-item-name">401</span><div class="parameter-item-description"><p>Missing or expired access token</p></div></li>
    <li class="parameter-item"><span class="parameter-item-name">404</span><div class="parameter-item-description"><p>Order not found</p></div></li></ul></div></div>
 </div><div class="section-column"><div class="examples">
  <div class="scalar-card dark-mode"><div class="scalar-card-header"><div class="request-header"><span class="request-method request-method--get">GET</span><span class="request-path">/orders/{id}/status</span></div>
   <button class="show-api-client-button" type="button" method="get"><svg class="show-api-client-button-icon"></svg><span>Test Request</span><span class="sr-only">(get /orders/{id}/status)</span></button></div>
   <div class="scalar-card-content"><pre class="scalar-codeblock-pre"><code class="hljs language-shell">curl https://api.fernbank.io/orders/123/status --header 'Authorization: Bearer YOUR_SECRET_TOKEN'</code></pre></div></div>
 </div></div></div></div></section></div>
</main></div></div>
<script id="api-reference" data-url="/openapi.json"></script><script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script></body></html>`,
			met:    []string{"find-site-search", "try-api-console", "onb-auth-guide", "ref-error-catalog"},
			notMet: []string{"ops-status-page", "code-official-sdks", "code-github-org", "try-run-in-postman", "com-pricing-page", "chg-changelog"},
		},
		{
			// Only success responses: a Responses caption alone documents no errors.
			name: "scalar, success responses only",
			url:  "https://api.fernbank.io/reference/orders",
			html: `<html lang="en"><head><title>Orders | Fernbank API Reference</title></head><body>
<div class="scalar-app scalar-api-reference references-layout"><aside class="references-navigation t-doc__sidebar"><div class="sidebar">
 <div class="sidebar-search"><button class="search-field" type="button"><div class="sidebar-search-placeholder">Search</div></button></div>
 <ul class="sidebar-pages"><li class="sidebar-group-item"><div class="sidebar-heading"><a class="sidebar-heading-link" href="#tag/orders/GET/orders"><p class="sidebar-heading-link-title">List orders</p></a></div></li></ul>
 <div class="darklight-reference"><a class="darklight-reference-promo" href="https://www.scalar.com" target="_blank">Powered by Scalar</a></div></div></aside>
<main class="references-rendered"><div class="section-container"><section class="section" id="tag/orders/GET/orders"><div class="section-content">
 <h3 class="section-header"><span class="section-header-label">List orders</span></h3>
 <div class="parameter-list"><div class="parameter-list-title">Responses</div><ul class="parameter-list-items">
  <li class="parameter-item"><span class="parameter-item-name">200</span><div class="parameter-item-description"><p>The orders, newest first</p></div></li>
  <li class="parameter-item"><span class="parameter-item-name">206</span><div class="parameter-item-description"><p>A partial page when the cursor expired mid-listing</p></div></li></ul></div>
 <button class="show-api-client-button" type="button"><span>Test Request</span></button>
</div></section></div></main></div></body></html>`,
			met:    []string{"find-site-search", "try-api-console"},
			notMet: []string{"ref-error-catalog", "code-github-org", "com-pricing-page"},
		},
	})
}

// pageCase is one portal page with what a reader expects of it: met lists what a careful
// reader marks met from the page alone, notMet the near misses.
type pageCase struct {
	name   string
	url    string
	html   string
	met    []string
	notMet []string
}

func runPageCases(t *testing.T, cases []pageCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := htmlPage(t, c.url, "<!doctype html>"+c.html)
			wantStatuses(t, findings(t, testIndex{host: hostOf(c.url)}, p), c.met, nil, c.notMet)
		})
	}
}

// wantStatuses checks a page's findings against what a reader expects: met, partial, and
// neither (not met, or not observable).
func wantStatuses(t *testing.T, got map[string]Finding, met, partial, notMet []string) {
	t.Helper()
	for _, id := range met {
		if f := got[id]; f.Status != Met {
			t.Errorf("%s: %s, want met (%+v)", id, f.Status, f.Evidence)
		}
	}
	for _, id := range partial {
		if f := got[id]; f.Status != Partial {
			t.Errorf("%s: %s, want partial (%+v)", id, f.Status, f.Evidence)
		}
	}
	for _, id := range notMet {
		if f := got[id]; f.Status == Met || f.Status == Partial {
			t.Errorf("%s: %s, want not met (%+v)", id, f.Status, f.Evidence)
		}
	}
}
