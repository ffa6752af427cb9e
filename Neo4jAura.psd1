@{
    RootModule           = ''
    ModuleVersion        = '0.1.0'
    GUID                 = '83021aaa-a857-40c9-9485-f7998fa55454'
    Author               = 'Neo4jAura contributors'
    CompanyName          = 'Neo4jAura contributors'
    Copyright            = '(c) Neo4jAura contributors. MIT licence.'
    Description          = 'Manage Neo4j Aura cloud databases from PowerShell through the Aura API v1: sign in with OAuth2 client credentials, list tenants and what they offer, create, copy, resize, upgrade, pause, resume and delete instances, take snapshots and restore them to a new instance, over another instance or in place, prove backups with restore drills (Test-AuraSnapshot), manage customer-managed encryption keys and Graph Analytics sessions; with pipelines, -WhatIf, progress, pacing under the rate limit, and a local Aura API emulator to rehearse runbooks.'
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
            ReleaseNotes = @'
0.1.0 (unreleased): the module speaks the real Aura API v1. Read before upgrading a runbook:
- Restore-AuraSnapshot -Name now creates a new instance (POST /instances); it used to call the endpoint that, in real Aura, restores the source instance in place. -TargetInstanceId overwrites another instance; the new -InPlace restores the instance itself. Both prompt (High impact); -Force skips the prompt.
- Get-AuraInstance returns full objects (one request per match); -Summary gives the list alone.
- Get-AuraSnapshot lists one UTC day per request: today by default, -Date, -Since (one request per day), -Latest (up to 30 days back).
- AuraInstance.Neo4jVersion is removed (the API has no such field).
- Connect-Aura -RequestsPerMinute takes 1 to 120 and only lowers the pace; one pacer per API host.
- New: Copy-AuraInstance, Test-AuraSnapshot, customer-managed keys, Graph Analytics sessions, sizing, metrics integration.
Every change: https://github.com/neo4jaura/Neo4jAura/blob/main/CHANGELOG.md
'@
        }
    }
}
