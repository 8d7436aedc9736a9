/**
 * Strapi 5.54's own admin strings that its French messages lack (react-intl logs MISSING_TRANSLATION and
 * shows the English default): those of the pages an editor and a sales user visit, and the dialogs they
 * open there (publishing, locales, preview). Keys are Strapi's message ids, prefixed by plugin.
 */
export const strapiFrenchMessages: Record<string, string> = {
  // Admin shell
  'app.loading': 'Chargement…',
  'search.placeholder': 'Rechercher',
  'global.plugins.upload': 'Médiathèque',
  'app.components.MediaLibraryBanner.intro': 'Découvrez la nouvelle médiathèque ',
  'components.Input.error.validation.max.withField': '{field} est trop grand.',
  'components.Input.error.validation.maxLength.withField': '{field} est trop long.',
  'components.Input.error.validation.minSupMax.withField': '{field} ne peut pas être supérieur',
  'HomePage.addWidget.noWidgetsAvailable': 'Aucun widget à ajouter',
  'HomePage.widget.no-permissions': "Vous n'avez pas le droit de voir ce widget",
  'HomePage.addWidget.title': 'Ajouter un widget',
  'HomePage.addWidget.button': 'Ajouter un widget',
  'HomePage.widget.delete': 'Supprimer',
  'HomePage.widget.drag': 'Glisser pour déplacer',
  'app.components.MediaLibraryBanner.button': 'Documentation',
  'app.components.MediaLibraryBanner.button.enabled': "Lire l'article",
  'app.components.MediaLibraryBanner.close': 'Fermer le bandeau. ',
  'app.components.MediaLibraryBanner.text': 'La documentation explique comment passer à la nouvelle.',
  'app.components.MediaLibraryBanner.text.enabled': 'Vous utilisez désormais la version remaniée.',
  'app.components.LeftMenu.general': 'Général',
  'app.components.LeftMenu.plugins': 'Extensions',
  'app.utils.update-filter': 'Modifier le filtre',
  'app.utils.published': 'Publié',
  'global.localeToggle.label': "Langue de l'interface",
  'global.new': 'Nouveau',
  'global.plugins.content-manager': 'Gestionnaire de contenu',
  'global.plugins.i18n': 'Internationalisation',
  'global.plugins.users-permissions': 'Rôles et autorisations',
  'global.plugins.email': 'E-mail',
  'global.learn-more': 'En savoir plus',
  'global.sessions.active-devices': 'Appareils connectés',
  // Settings menu: its sections and links (Strapi's French says "Paramètre Globaux" and lacks the others)
  'Settings.global': 'Paramètres généraux',
  'Settings.permissions': "Panneau d'administration",
  'Settings.application.header': 'Application',
  'global.plugins': 'Extensions',
  'Settings.adminTokens.title': "Jetons d'administration",
  'email.SettingsNav.section-label': 'E-mail',
  'users-permissions.Settings.section-label': "Utilisateurs de l'API",
  // Strapi's default roles by code (the role picker's ids; src/admin/display-names.ts relabels the lists)
  'global.strapi-super-admin': 'Super Admin',
  'global.strapi-editor': 'Éditeur',
  'global.strapi-author': 'Auteur',
  'global.strapi-super-admin.description': 'Accède à toutes les fonctions et à tous les réglages.',
  'global.strapi-editor.description': 'Gère et publie les contenus, y compris ceux des autres.',
  'global.strapi-author.description': 'Gère les contenus qu’il a créés.',
  // The users-permissions plugin's user type, by its display name (like the project's types)
  User: 'Utilisateur',

  // Content Manager
  'content-manager.plugin.name': 'Gestionnaire de contenu',
  // Strapi's French reads "Les schéma ont été chargés avec succès" (announced to screen readers)
  'content-manager.App.schemas.data-loaded': 'Les modèles de contenu sont chargés.',
  'content-manager.containers.list.table-headers.status': 'statut',
  'content-manager.components.Blocks.dnd.instruction':
    'Pour déplacer un bloc, appuyez sur Commande ou Contrôle avec Maj et les flèches haut ou bas',
  'content-manager.components.Blocks.expand': 'Agrandir',
  'content-manager.actions.delete.label':
    "Supprimer l'entrée{isLocalized, select, true { (toutes les langues)} other {}}",
  // Strapi's French says « Editer » (the home page's recent entries, the list's row actions)
  'content-manager.actions.edit.label': 'Modifier',
  'content-manager.actions.open-in-new-tab.label': 'Ouvrir dans un nouvel onglet',
  'content-manager.actions.copy-documentId.label': "Copier l'identifiant du document",
  'content-manager.actions.copy-documentId.success': 'Identifiant du document copié',
  'content-manager.components.DynamicZone.extra-components':
    '{number, plural, =0 {# composant en trop} one {# composant en trop} other {# composants en trop}}',
  'content-manager.components.DynamicZone.unknown-component': 'Composant inconnu',
  'content-manager.components.DynamicZone.move-up': 'Monter',
  'content-manager.components.DynamicZone.move-down': 'Descendre',
  'content-manager.components.RelationInputModal.modal-title': 'Modifier une relation',
  'content-manager.components.RelationInputModal.button-fullpage': "Ouvrir l'entrée",
  'content-manager.components.RelationInputModal.confirmation-message':
    'Des modifications ne sont pas enregistrées. Fermer cette relation ? Les modifications non enregistrées seront perdues.',
  'content-manager.containers.edit.information.last-published.value':
    '{time}{isAnonymous, select, true {} other { par {author}}}',
  'content-manager.containers.edit.information.last-draft.value':
    '{time}{isAnonymous, select, true {} other { par {author}}}',
  'content-manager.containers.edit.information.document.value':
    '{time}{isAnonymous, select, true {} other { par {author}}}',
  'content-manager.containers.edit.information.documentId.label': 'Identifiant du document',
  'content-manager.containers.List.statusFilter.draft': 'Brouillon (jamais publié)',
  'content-manager.containers.List.statusFilter.published': 'Publié (tous)',
  'content-manager.containers.List.statusFilter.publishedModified': 'Publié (modifié depuis)',
  'content-manager.containers.List.statusFilter.publishedUnmodified': 'Publié (non modifié)',
  'content-manager.containers.list.filters.status': 'Statut',
  'content-manager.containers.list.selectedEntriesModal.title': 'Publier les entrées',
  'content-manager.containers.list.selectedEntriesModal.selectedCount.publish':
    '<b>{publishedCount}</b> {publishedCount, plural, =0 {entrée déjà publiée} one {entrée déjà publiée} other {entrées déjà publiées}}. <b>{draftCount}</b> {draftCount, plural, =0 {entrée prête} one {entrée prête} other {entrées prêtes}} à publier. <b>{withErrorsCount}</b> {withErrorsCount, plural, =0 {entrée attend} one {entrée attend} other {entrées attendent}} une action.',
  'content-manager.containers.list.selectedEntriesModal.selectedCount.unpublish':
    '<b>{draftCount}</b> {draftCount, plural, =0 {entrée déjà dépubliée} one {entrée déjà dépubliée} other {entrées déjà dépubliées}}. <b>{publishedCount}</b> {publishedCount, plural, =0 {entrée prête} one {entrée prête} other {entrées prêtes}} à dépublier.',
  'content-manager.containers.list.autoCloneModal.error.unique':
    'Des valeurs identiques dans un champ unique ne sont pas permises.',
  'content-manager.containers.list.autoCloneModal.error.relation':
    "Dupliquer la relation pourrait la retirer de l'entrée d'origine.",
  'content-manager.containers.edit-settings.modal-form.mainField.hint':
    "Le champ affiché dans la vue d'édition et dans la liste",
  'content-manager.containers.edit-settings.modal-form.size': 'Taille',
  'content-manager.containers.SettingPage.add.relational-field': 'Ajouter un autre champ lié',
  'content-manager.containers.SettingPage.editSettings.relationOpenMode': 'Ouverture des relations',
  'content-manager.containers.SettingPage.editSettings.relationOpenMode.description':
    "Comment s'ouvre une entrée liée quand on clique dessus",
  'content-manager.containers.SettingPage.editSettings.relationOpenMode.modal': 'Fenêtre (par défaut)',
  'content-manager.containers.SettingPage.editSettings.relationOpenMode.newTab': 'Nouvel onglet',
  'content-manager.containers.SettingPage.editSettings.relationOpenMode.page': 'Aller à la page',
  'content-manager.containers.SettingPage.relations': 'Champs liés',
  'content-manager.form.Input.hint.character.unit': '{maxValue, plural, one { caractère} other { caractères}}',
  'content-manager.form.Input.hint.minMaxDivider': ' / ',
  'content-manager.form.Input.hint.text':
    '{min, select, undefined {} other {min. {min}}}{divider}{max, select, undefined {} other {max. {max}}}{unit}{br}{description}',
  'content-manager.permissions.not-allowed.locale':
    "Vous n'avez pas les droits d'accès à ce contenu dans la langue demandée",
  'content-manager.popUpWarning.warning.has-draft-relations.title': 'Confirmation',
  'content-manager.popUpWarning.warning.has-draft-relations.message':
    'Cette entrée est liée à {count, plural, one {# entrée en brouillon} other {# entrées en brouillon}}. {count, plural, one {Cette relation ne sera pas incluse dans la version publiée.} other {Ces relations ne seront pas incluses dans la version publiée.}}',
  'content-manager.popUpWarning.warning.has-draft-m2m-relations.message':
    '{count, plural, one {# entrée liée est encore en brouillon. Elle apparaîtra sur le site une fois publiée.} other {# entrées liées sont encore en brouillon. Elles apparaîtront sur le site une fois publiées.}}',
  'content-manager.popUpWarning.warning.has-draft-m2m-relations.additional':
    '{count, plural, one {# lien plusieurs-à-plusieurs mène} other {# liens plusieurs-à-plusieurs mènent}} à des entrées en brouillon, visibles une fois publiées.',
  'content-manager.popUpwarning.warning.bulk-has-draft-relations.message':
    '<b>{count} {count, plural, one {relation} other {relations}} sur {entities} {entities, plural, one {entrée} other {entrées}} {count, plural, one {n’est pas encore publiée} other {ne sont pas encore publiées}}</b> et pourraient mener à un comportement inattendu.',
  'content-manager.popUpWarning.warning.unpublish':
    'Si vous ne publiez pas ce contenu, il redeviendra automatiquement un brouillon.',
  'content-manager.popUpWarning.warning.unpublish-question': 'Ne pas le publier ?',
  'content-manager.preview.panel.title': 'Aperçu',
  'content-manager.preview.panel.button': "Ouvrir l'aperçu",
  'content-manager.preview.panel.button-configuration': "Configurer l'aperçu",
  'content-manager.preview.panel.button-disabled-tooltip': "Enregistrez pour ouvrir l'aperçu",
  'content-manager.preview.page-title': 'Aperçu : {contentType}',
  'content-manager.preview.header.close': "Fermer l'aperçu",
  'content-manager.preview.copy.label': "Copier le lien de l'aperçu",
  'content-manager.preview.copy.success': "Lien de l'aperçu copié",
  'content-manager.preview.tabs.label': "Statut de l'aperçu",
  'content-manager.preview.device.select': "Type d'appareil",
  'content-manager.preview.device.desktop': 'Ordinateur',
  'content-manager.preview.device.mobile': 'Mobile',
  'content-manager.preview.info.single-click-hint': 'Double-cliquez pour modifier',
  'content-manager.preview.error.invalid-field-path': 'Ce champ est introuvable dans le document',
  'content-manager.preview.error.relations-not-handled':
    "La modification en place des relations n'est pas encore possible.",
  'content-manager.preview.error.incomplete-strapi-source': "Il manque à ce champ des informations d'aperçu",
  'content-manager.preview.error.different-document': "Ce champ vient d'un autre document",
  'content-manager.preview.error.script-failed':
    "Le script d'aperçu en direct n'a pas pu être chargé : la modification visuelle peut être indisponible.",
  'content-manager.relation.create': 'Créer une relation',
  'content-manager.success.records.publish': 'Publié.',
  'content-manager.listView.validation.errors.title': 'Action requise',
  'content-manager.listView.validation.errors.message':
    'Vérifiez que tous les champs sont valides avant de publier (champs obligatoires, longueur minimale ou maximale, etc.)',
  'content-manager.history.sidebar.version-card.aria-label': 'Version',
  'content-manager.history.sidebar.versionDescription':
    '{distanceToNow}{isAnonymous, select, true {} other { par {author}}}{isCurrent, select, true { <b>(actuelle)</b>} other {}}',
  'content-manager.history.version.subtitle': '{hasLocale, select, true {{subtitle}, en {locale}} other {{subtitle}}}',
  'content-manager.history.content.missing-assets.title':
    '{number, plural, =1 {Média manquant} other {{number} médias manquants}}',
  'content-manager.history.content.missing-assets.message':
    '{number, plural, =1 {Il a été supprimé} other {Ils ont été supprimés}} de la médiathèque et ne peuvent pas être restaurés.',
  'content-manager.history.content.missing-relations.title':
    '{number, plural, =1 {Relation manquante} other {{number} relations manquantes}}',
  'content-manager.history.content.missing-relations.message':
    '{number, plural, =1 {Elle a été supprimée} other {Elles ont été supprimées}} et ne peuvent pas être restaurées.',
  'content-manager.validation.error.unreadable-required-field':
    "Vos droits ne donnent pas accès à certains champs obligatoires. Demandez l'accès à un administrateur pour continuer.",

  // Internationalization
  'i18n.actions.delete.label': "Supprimer l'entrée ({locale})",
  'i18n.actions.delete.dialog.title': 'Confirmation',
  'i18n.actions.delete.dialog.body': 'Supprimer cette langue ?',
  'i18n.actions.delete.error': 'La suppression de cette langue du document a échoué.',
  'i18n.CMEditViewCopyLocale.cancel-text': 'Non, annuler',
  'i18n.CMEditViewCopyLocale.dialog.title': 'Confirmation',
  'i18n.CMEditViewCopyLocale.dialog.body': 'Le contenu actuel sera effacé et remplacé par celui de la langue choisie :',
  'i18n.CMEditViewCopyLocale.dialog.field.label': 'Langue',
  'i18n.CMEditViewCopyLocale.dialog.field.placeholder': 'Choisissez une langue…',
  'i18n.CMEditViewBulkLocale.publish-title': 'Publier plusieurs langues',
  'i18n.CMEditViewBulkLocale.unpublish-title': 'Dépublier plusieurs langues',
  'i18n.CMEditViewBulkLocale.status': 'Statut',
  'i18n.CMEditViewBulkLocale.publication-status': 'Statut de publication',
  'i18n.CMEditViewBulkLocale.draft-relation-warning':
    'Des langues sont liées à des entrées en brouillon : les publier pourrait laisser des liens cassés.',
  'i18n.CMEditViewBulkLocale.continue-confirmation': 'Continuer ?',
  'i18n.CMEditViewAITranslation.status-aria-label': 'Statut de la traduction automatique',
  'i18n.CMEditViewAITranslation.status-title':
    '{enabled, select, true {Traduction automatique activée} false {Traduction automatique désactivée} other {Traduction automatique désactivée}}',
  'i18n.CMEditViewAITranslation.status-description':
    'La traduction automatique traduit le contenu dans toutes les langues à chaque enregistrement dans la langue par défaut.',
  'i18n.CMEditViewAITranslation.settings-link':
    '{enabled, select, true {La désactiver dans les paramètres} false {L’activer dans les paramètres} other {L’activer dans les paramètres}}',
  'i18n.CMEditViewAITranslation.job-completed': 'Traduction automatique terminée.',
  'i18n.CMEditViewAITranslation.job-failed': 'La traduction automatique a échoué. Réessayez.',
  'i18n.CMEditViewLocalePicker.locale.create': 'Créer la langue <bold>{locale}</bold>',
  'i18n.CMEditViewLocalePicker.locale.ai-translations': 'Traductions automatiques :',
  'i18n.CMListView.popover.display-locales.more': '{locales} + {count} autres',
  'i18n.Settings.list.actions.publishAdditionalInfos':
    'Publie les versions de la langue active <em>(Internationalisation)</em>',
  'i18n.Settings.list.actions.unpublishAdditionalInfos':
    'Dépublie les versions de la langue active <em>(Internationalisation)</em>',
  'i18n.Settings.aiLocalizations.label': 'Traductions automatiques',
  'i18n.Settings.aiLocalizations.description':
    'À chaque enregistrement, la langue par défaut sert à traduire automatiquement toutes les autres langues.',
  'i18n.Settings.locales.modal.create.code.error': 'Choisissez une langue',
  'i18n.Settings.locales.modal.create.name.error.min': "Le nom affiché d'une langue compte moins de 50 caractères.",
  'i18n.Settings.locales.modal.create.name.error.required': "Donnez un nom d'affichage à la langue",
  'i18n.list-view.table.header.label': 'Disponible en',
  'i18n.Settings.locales.modal.locales.label': 'Langues',

  // Media library
  'upload.modal.url.upload': 'Importer',
  'upload.modal.url.title': 'Importer depuis une URL',
  'upload.header.search.placeholder': 'Rechercher',
  'upload.sidebar.title': 'Médiathèque',
  'upload.sidebar.tree.aria-label': 'Dossiers de la médiathèque',
  'upload.sidebar.tree.loading': 'Chargement des dossiers…',
  'upload.asset-details.location.root': 'Médiathèque',
  'upload.list.empty.description': 'Commencez par importer des fichiers ou créer un dossier.',
  'upload.list.search.empty.title': 'Aucun résultat',
  'upload.list.search.empty.clear': 'Effacer la recherche',
  'upload.list.assets.loading-more': "Chargement d'autres fichiers…",
  'upload.list.context-menu.label': 'Actions de la médiathèque',
  'upload.modal.upload-list.sub-header.add-folder': 'Ajouter un dossier',
  // The media dialog asks for these two without the plugin's prefix (so its own French is not found);
  // the first is announced when its files, then its folders, have loaded (one id for both).
  'list.asset.at.finished': 'Chargement terminé.',
  'view-switch.list': 'Vue en liste',
  'upload.control-card.remove-selection': 'Retirer de la sélection',

  // Found by the people's browser tests (tests/e2e/personas.e2e.ts): words Strapi's French leaves in English,
  // or writes wrongly, on the first-admin page, the main menu and the settings a Super Admin reads.
  'Auth.form.email.label': 'E-mail',
  'Auth.form.register.subtitle':
    "Vos identifiants servent uniquement à vous authentifier sur l'interface d'administration. Toutes les données enregistrées sont stockées dans votre propre base de données.",
  'Settings.permissions.users.email': 'E-mail',
  'content-type-builder.plugin.name': 'Générateur de types de contenu',
  'global.marketplace': 'Place de marché',
  'app.HeaderLayout.docLink.label': 'En savoir plus dans la documentation',
  // A query the browser could not complete (the server out of reach, or one the admin cancelled while it
  // was failing): Strapi words the browser's own message as a message id.
  'apiError.Failed to fetch': 'Le serveur ne répond pas. Vérifiez la connexion et réessayez.',
  // Strapi passes the page's name in English ('Users', 'Roles'): the window's title names it in French.
  'Settings.PageTitle': 'Paramètres - {name, select, Users {Utilisateurs} Roles {Rôles} other {{name}}}',
  'i18n.Settings.locales.row.default-locale': 'Langue par défaut',
  // The edit view's unpublish dialog (and Strapi's "bouillon" for "brouillon").
  'content-manager.actions.unpublish.dialog.radio-label': 'Choisissez comment dépublier le document.',
  'content-manager.actions.unpublish.dialog.option.replace-draft': 'Dépublier et remplacer le dernier brouillon',
  // The preview's header asks for these two without the plugin's prefix.
  'preview.tabs.label': "Statut de l'aperçu",
  'preview.copy.label': "Copier le lien de l'aperçu",
};
