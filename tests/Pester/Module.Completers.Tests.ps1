# Argument completers through TabExpansion2, as the console uses them.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestEmulator -ArgumentList '--rate-limit', '0'
    $script:secret = ConvertTo-SecureString $emu.ClientSecret -AsPlainText -Force
    $script:prodTenant = '5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f'
    function Complete([string] $line) { (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches }
    function Get-ApiLog { @(Get-AuraEmulatorRequestLog $emu | ForEach-Object { $_ } | Where-Object { $_.path -like '/v1*' }) }
}

AfterAll {
    if ($script:emu) { Stop-AuraTestEmulator $script:emu }
    Disconnect-Aura -ErrorAction SilentlyContinue
}

Describe 'Completers' {
    It 'offers nothing and does not throw when not connected' {
        Disconnect-Aura
        Complete 'Get-AuraInstance -InstanceId ' | Should -BeNullOrEmpty
    }

    It 'completes instance ids with names, from one quick call then the cache' {
        Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri
        Clear-AuraEmulatorRequestLog $emu
        $matches1 = Complete 'Get-AuraInstance -InstanceId a1'
        $matches1.CompletionText | Should -Be 'a1b2c3d4'
        $matches1[0].ListItemText | Should -Be 'a1b2c3d4 (prod-orders)'
        $matches1[0].ToolTip | Should -Be 'prod-orders'
        (Complete "Suspend-AuraInstance -Id 'prod-c").CompletionText | Should -Be 'b2c3d4e5'   # by name too, quote trimmed
        @(Get-ApiLog).Count | Should -Be 1
    }

    It 'completes tenant ids, snapshot ids of the bound instance, and the tenant''s regions, types and sizes' {
        (Complete 'Get-AuraTenant -TenantId 5b').CompletionText | Should -Be $prodTenant
        $today = @(Get-AuraSnapshot -InstanceId a1b2c3d4)
        $snapshots = Complete 'Get-AuraSnapshot -InstanceId a1b2c3d4 -SnapshotId '
        $snapshots.Count | Should -Be $today.Count
        $snapshots[0].CompletionText | Should -Be $today[0].SnapshotId   # newest first
        $snapshots[0].ListItemText | Should -Match '\((\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ), (AdHoc|Scheduled) '

        $offered = (Get-AuraTenant -TenantId $prodTenant).InstanceConfigurations
        (Complete "New-AuraInstance -TenantId $prodTenant -Type enterprise-db -CloudProvider aws -Region us-").CompletionText | Should -Be 'us-east-1'
        (Complete "New-AuraInstance -TenantId $prodTenant -Type ent").CompletionText | Should -Be @('enterprise-db', 'enterprise-ds')
        $memory = (Complete "New-AuraInstance -TenantId $prodTenant -Type enterprise-ds -Region us-east-1 -Memory ").CompletionText
        $expected = @($offered | Where-Object { $_.Type -eq 'enterprise-ds' -and $_.Region -eq 'us-east-1' } | ForEach-Object Memory | Sort-Object -Unique | ForEach-Object Text)
        $memory | Should -Be $expected   # smallest first, by size
        (Complete "New-AuraInstance -TenantId $prodTenant -Region westeurope -CloudProvider ").CompletionText | Should -Be 'azure'
        (Complete "New-AuraInstance -TenantId $prodTenant -Type enterprise-db -Region europe-west1 -Memory 8GB -Storage ").CompletionText | Should -Be '16GB'
        (Complete "New-AuraInstance -TenantId $prodTenant -Type enterprise-db -Version ").CompletionText | Should -Be '5'
    }
}
