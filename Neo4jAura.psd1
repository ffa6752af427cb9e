@{
    RootModule           = ''
    ModuleVersion        = '0.1.0'
    GUID                 = '83021aaa-a857-40c9-9485-f7998fa55454'
    Author               = 'Neo4jAura contributors'
    CompanyName          = 'Neo4jAura contributors'
    Copyright            = '(c) Neo4jAura contributors. MIT licence.'
    Description          = 'Manage Neo4j Aura cloud databases from PowerShell: sign in with OAuth2 client credentials, list tenants, create, resize, pause, resume and delete instances, take and restore snapshots, with pipelines, -WhatIf, progress and a local Aura API emulator to rehearse runbooks.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    NestedModules        = @('Neo4jAura.Resolver.dll', 'Neo4jAura.dll')
    FormatsToProcess     = @('Neo4jAura.Format.ps1xml')
    TypesToProcess       = @('Neo4jAura.Types.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Connect-Aura', 'Disconnect-Aura', 'Get-AuraConnection',
        'Get-AuraTenant', 'Get-AuraMetricsIntegration',
        'Get-AuraInstance', 'New-AuraInstance', 'Copy-AuraInstance', 'Set-AuraInstance', 'Remove-AuraInstance',
        'Set-AuraInstanceState', 'Suspend-AuraInstance', 'Resume-AuraInstance', 'Wait-AuraInstance', 'Get-AuraInstanceSizing',
        'Get-AuraSnapshot', 'New-AuraSnapshot', 'Wait-AuraSnapshot', 'Restore-AuraSnapshot', 'Test-AuraSnapshot',
        'Get-AuraCustomerManagedKey', 'New-AuraCustomerManagedKey', 'Remove-AuraCustomerManagedKey',
        'Get-AuraGraphAnalyticsSession', 'New-AuraGraphAnalyticsSession', 'Remove-AuraGraphAnalyticsSession', 'Get-AuraGraphAnalyticsSessionSizing',
        'Invoke-AuraApi'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Neo4j', 'Aura', 'AuraDB', 'AuraDS', 'Graph', 'Database', 'Cloud', 'Backup', 'Snapshot', 'Automation', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/neo4jaura/Neo4jAura'
            LicenseUri   = 'https://github.com/neo4jaura/Neo4jAura/blob/main/LICENSE'
            ReleaseNotes = 'First release: connection and token cache, tenants, instances, snapshots and restore, the local Aura API emulator.'
        }
    }
    HelpInfoURI          = 'https://github.com/neo4jaura/Neo4jAura/tree/main/docs/en-US'
}
