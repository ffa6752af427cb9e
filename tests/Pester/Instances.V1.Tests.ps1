# The instance cmdlets Aura API v1 added or widened: Copy-AuraInstance, Set-AuraInstance's new settings and the
# Business Critical upgrade, New-AuraInstance's key and refused settings, Get-AuraInstanceSizing,
# Get-AuraMetricsIntegration, and the 120-column views of their outputs. Against the emulator (1 s transitions).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestSession -ArgumentList '--creation-seconds', '1'
    $script:prodTenant = '5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f'
    $script:devTenant = '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b'
    $script:seedKey = '6f1e2d3c-4b5a-4978-8e6f-5a4b3c2d1e0f'

    function Set-EmulatorSetting([hashtable] $Settings) { $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body $Settings }
    function Set-InstanceStatus([string] $Id, [string] $Status) {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path "/_emulator/instances/$Id/status" -Body @{ status = $Status }
    }
    function Get-State { Invoke-AuraEmulatorControl $emu -Path '/_emulator/state' }
    function Get-StateInstance([string] $Id) { (Get-State).instances | Where-Object id -eq $Id }
    function Get-TableLines($InputObject) {
        $text = ($InputObject | Out-String -Width 120) -replace '\e\[[0-9;]*m', ''
        @($text -split '\r?\n' | Where-Object { $_.Trim() })
    }
}

AfterAll { Stop-AuraTestSession $script:emu }

Describe 'Copy-AuraInstance' {
    BeforeEach { Reset-Emulator }

    It 'clones the current data (Aura snapshots the source now) with the settings not given taken from the source' {
        $before = @((Get-State).snapshots | Where-Object instance_id -eq 'd4e5f6a7').Count
        Clear-AuraEmulatorRequestLog $emu
        $copy = Copy-AuraInstance -InstanceId 'd4e5f6a7' -Name 'pester-copy'
        $copy.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraInstance'
        $copy.Id | Should -Match '^[0-9a-f]{8}$'
        $copy.Name | Should -Be 'pester-copy'
        $copy.Status | Should -Be 'creating'
        $copy.TenantId | Should -Be $devTenant
        $copy.Type | Should -Be 'professional-db'
        $copy.CloudProvider | Should -Be 'gcp'
        $copy.Region | Should -Be 'europe-west1'
        "$($copy.Memory)" | Should -Be '8GB'
        $stored = Get-StateInstance $copy.Id
        $stored.memory | Should -Be '8GB'
        $stored.storage | Should -Be '16GB'
        $stored.type | Should -Be 'professional-db'
        $stored.version | Should -Be '5'
        $posts = @(Get-Changes)
        $posts.Count | Should -Be 1
        $posts[0].path | Should -Be '/v1/instances'
        @((Get-State).snapshots | Where-Object instance_id -eq 'd4e5f6a7').Count | Should -Be ($before + 1)
    }

    It 'returns the one-time password only in a PSCredential, also kept on the connection''s CreatedInstances' {
        $copy = Copy-AuraInstance -InstanceId 'a1b2c3d4' -Name 'pester-copy-cred'
        $copy.Credential | Should -BeOfType [pscredential]
        $copy.Credential.UserName | Should -Be 'neo4j'
        $password = $copy.Credential.GetNetworkCredential().Password
        $password.Length | Should -BeGreaterThan 8
        ($copy | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($password))
        ($copy | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue) | Should -Not -Match ([regex]::Escape($password))
        ((Get-AuraConnection).CreatedInstances | Where-Object Id -eq $copy.Id).Credential.GetNetworkCredential().Password | Should -Be $password
    }

    It 'takes the settings given: region, and memory with its storage' {
        $us = Copy-AuraInstance -InstanceId 'd4e5f6a7' -Name 'pester-copy-us' -Region 'us-central1'
        $us.Region | Should -Be 'us-central1'
        (Get-StateInstance $us.Id).region | Should -Be 'us-central1'
        (Get-StateInstance $us.Id).memory | Should -Be '8GB'
        $big = Copy-AuraInstance -InstanceId 'd4e5f6a7' -Name 'pester-copy-big' -Memory 16GB -Storage 32GB
        (Get-StateInstance $big.Id).memory | Should -Be '16GB'
        (Get-StateInstance $big.Id).storage | Should -Be '32GB'
    }

    It 'a new memory takes the storage the tenant offers with it, not the source''s' {
        $bigger = Copy-AuraInstance -InstanceId 'd4e5f6a7' -Name 'pester-copy-16' -Memory 16GB
        (Get-StateInstance $bigger.Id).memory | Should -Be '16GB'
        (Get-StateInstance $bigger.Id).storage | Should -Be '32GB'
    }

    It 'refuses a storage the tenant does not offer with the memory, naming -Storage, and sends nothing' {
        Clear-AuraEmulatorRequestLog $emu
        Copy-AuraInstance -InstanceId 'd4e5f6a7' -Name 'pester-copy-mismatch' -Memory 16GB -Storage 16GB -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraInvalidArgument'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'd4e5f6a7'
        $errs[0].Exception.Message | Should -Match 'Valid storage sizes: 32GB'
        $errs[0].Exception.Message | Should -Match '-Storage'
        Get-Changes | Should -BeNullOrEmpty
    }

    It '-Wait: two piped sources wait together (the slowest sets the time), each POST sent once' {
        Set-EmulatorSetting @{ creation_seconds = 3 }
        Clear-AuraEmulatorRequestLog $emu
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $copies = @(Get-AuraInstance -InstanceId 'a1b2c3d4', 'b2c3d4e5' | Copy-AuraInstance -Name { "$($_.Name)-copy" } -Wait -TimeoutSec 30)
        $watch.Stop()
        $copies.Count | Should -Be 2
        $copies.Name | Sort-Object | Should -Be @('prod-catalog-copy', 'prod-orders-copy')
        $copies.Status | Sort-Object -Unique | Should -Be 'running'
        $copies | ForEach-Object { $_.Credential | Should -BeOfType [pscredential] }
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 3
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5.5   # one after the other would take 6 s
        $posts = @(Get-Changes)
        $posts.Count | Should -Be 2
        ($posts.path | Sort-Object -Unique) | Should -Be '/v1/instances'
    }

    It '-WhatIf sends nothing; -Confirm:$false copies' {
        $null = Get-AuraInstance -InstanceId 'a1b2c3d4'   # the source in the cache, for the -WhatIf text
        Clear-AuraEmulatorRequestLog $emu
        Copy-AuraInstance -InstanceId 'a1b2c3d4' -Name 'pester-copy-whatif' -WhatIf -ErrorVariable errs | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
        Get-Changes | Should -BeNullOrEmpty
        (Copy-AuraInstance -InstanceId 'a1b2c3d4' -Name 'pester-copy-confirm' -Confirm:$false).Name | Should -Be 'pester-copy-confirm'
        @(Get-Changes).Count | Should -Be 1
    }

    It 'reports an unknown source as AuraInstanceNotFound (target: the id) without a POST' {
        Clear-AuraEmulatorRequestLog $emu
        Copy-AuraInstance -InstanceId 'ffffffff' -Name 'pester-copy-missing' -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraInstanceNotFound'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'ffffffff'
        Get-Changes | Should -BeNullOrEmpty
    }

    It 'reports a busy source as AuraOperationInProgress (ResourceBusy) and a paused one with the API''s reason, each POST once' {
        Set-InstanceStatus 'b2c3d4e5' 'updating'
        Clear-AuraEmulatorRequestLog $emu
        Copy-AuraInstance -InstanceId 'b2c3d4e5' -Name 'pester-copy-busy' -ErrorVariable busy -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $busy[0] | Should -Be 'AuraOperationInProgress'
        $busy[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $busy[0].TargetObject | Should -Be 'b2c3d4e5'
        $busy[0].Exception.Message | Should -Match 'undergoing an operation: updating'
        Copy-AuraInstance -InstanceId 'e5f6a7b8' -Name 'pester-copy-paused' -ErrorVariable paused -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $paused[0] | Should -Be 'AuraBadRequest'
        $paused[0].Exception.Message | Should -Match 'instance-not-running'
        $posts = @(Get-Changes)
        $posts.status | Should -Be @(409, 400)
        $busy[0].Exception.Message | Should -Match ([regex]::Escape($posts[0].request_id))
    }
}

Describe 'Set-AuraInstance: v1 settings' {
    BeforeEach { Reset-Emulator }

    It '-SecondariesCount and -CdcEnrichmentMode on Virtual Dedicated Cloud, -Wait until applied, one PATCH' {
        Clear-AuraEmulatorRequestLog $emu
        $updated = Set-AuraInstance -InstanceId 'a1b2c3d4' -SecondariesCount 3 -CdcEnrichmentMode Diff -Wait -TimeoutSec 20
        $updated.Status | Should -Be 'running'
        $updated.SecondariesCount | Should -Be 3
        $updated.CdcEnrichmentMode | Should -Be 'DIFF'
        $stored = Get-StateInstance 'a1b2c3d4'
        $stored.secondaries_count | Should -Be 3
        $stored.cdc_enrichment_mode | Should -Be 'DIFF'
        $patches = @(Get-Changes)
        $patches.Count | Should -Be 1
        $patches[0].method | Should -Be 'PATCH'
        $patches[0].status | Should -Be 202
    }

    It '-Memory, -Storage, -VectorOptimized and -GraphAnalyticsPlugin:$false with -Wait' {
        $updated = Set-AuraInstance -InstanceId 'd4e5f6a7' -Memory 16GB -Storage 32GB -VectorOptimized -GraphAnalyticsPlugin:$false -Wait -TimeoutSec 20
        "$($updated.Memory)/$($updated.Storage)" | Should -Be '16GB/32GB'
        $updated.VectorOptimized | Should -BeTrue
        $updated.GraphAnalyticsPlugin | Should -BeFalse
        $stored = Get-StateInstance 'd4e5f6a7'
        $stored.vector_optimized | Should -BeTrue
        $stored.graph_analytics_plugin | Should -BeFalse
    }

    It 'without -Wait reads the instance back after the 202 {} (updating), with nothing sent twice' {
        Clear-AuraEmulatorRequestLog $emu
        $answer = Set-AuraInstance -InstanceId 'b2c3d4e5' -CdcEnrichmentMode Full
        $answer.Id | Should -Be 'b2c3d4e5'
        $answer.Name | Should -Be 'prod-catalog'
        $answer.Status | Should -Be 'updating'
        $log = Get-ApiLog
        @($log | Where-Object method -eq 'PATCH').Count | Should -Be 1
        @($log | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/v1/instances/b2c3d4e5' }).Count | Should -Be 2   # the type check, the read-back
        Start-Sleep -Milliseconds 1100
        (Get-AuraInstance -InstanceId 'b2c3d4e5').CdcEnrichmentMode | Should -Be 'FULL'
    }

    It '-WhatIf sends no PATCH' {
        Clear-AuraEmulatorRequestLog $emu
        Set-AuraInstance -InstanceId 'a1b2c3d4' -SecondariesCount 4 -WhatIf | Should -BeNullOrEmpty
        Set-AuraInstance -InstanceId 'd4e5f6a7' -Storage 32GB -Memory 16GB -WhatIf | Should -BeNullOrEmpty
        Get-Changes | Should -BeNullOrEmpty
        (Get-StateInstance 'a1b2c3d4').secondaries_count | Should -Be 2
    }

    It 'refuses -SecondariesCount and -CdcEnrichmentMode on a Professional instance before any PATCH' {
        Clear-AuraEmulatorRequestLog $emu
        Set-AuraInstance -InstanceId 'd4e5f6a7' -SecondariesCount 2 -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraInvalidArgument'
        $errs[0].TargetObject | Should -Be 'd4e5f6a7'
        $errs[0].Exception.Message | Should -Match 'professional-db'
        Set-AuraInstance -InstanceId 'd4e5f6a7' -CdcEnrichmentMode Full -ErrorVariable errs2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $errs2[0] | Should -Be 'AuraInvalidArgument'
        { Set-AuraInstance -InstanceId 'a1b2c3d4' -CdcEnrichmentMode Partial } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        Get-Changes | Should -BeNullOrEmpty
    }

    It 'reports a change while another operation runs as AuraOperationInProgress, PATCH sent once' {
        Set-InstanceStatus 'b2c3d4e5' 'updating'
        Clear-AuraEmulatorRequestLog $emu
        Set-AuraInstance -InstanceId 'b2c3d4e5' -Memory 32GB -Storage 64GB -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraOperationInProgress'
        $errs[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $errs[0].TargetObject | Should -Be 'b2c3d4e5'
        @(Get-Changes).Count | Should -Be 1
    }
}

Describe 'Set-AuraInstance -Type business-critical (upgrade)' {
    BeforeEach { Reset-Emulator }

    It 'upgrades staging-orders with -Force: one POST /upgrade, the instance is business-critical and keeps its size' {
        Clear-AuraEmulatorRequestLog $emu
        $upgraded = Set-AuraInstance -InstanceId 'd4e5f6a7' -Type business-critical -Force
        $upgraded.Type | Should -Be 'business-critical'
        "$($upgraded.Memory)/$($upgraded.Storage)" | Should -Be '8GB/16GB'
        (Get-StateInstance 'd4e5f6a7').type | Should -Be 'business-critical'
        $posts = @(Get-Changes)
        $posts.Count | Should -Be 1
        $posts[0].path | Should -Be '/v1/instances/d4e5f6a7/upgrade'
        $posts[0].status | Should -Be 200
    }

    It 'upgrades with -Confirm:$false, -Memory and -Storage, and -Wait until running at the new size' {
        $upgraded = Set-AuraInstance -InstanceId 'd4e5f6a7' -Type business-critical -Memory 16GB -Storage 32GB -Confirm:$false -Wait -TimeoutSec 20
        $upgraded.Type | Should -Be 'business-critical'
        $upgraded.Status | Should -Be 'running'
        "$($upgraded.Memory)/$($upgraded.Storage)" | Should -Be '16GB/32GB'
        @(Get-Changes).Count | Should -Be 1
    }

    It '-WhatIf sends nothing, also with -Force' {
        $null = Get-AuraInstance -InstanceId 'd4e5f6a7'   # the session's cache knows it as professional-db (the emulator was reset)
        Clear-AuraEmulatorRequestLog $emu
        Set-AuraInstance -InstanceId 'd4e5f6a7' -Type business-critical -WhatIf -ErrorVariable errs | Should -BeNullOrEmpty
        Set-AuraInstance -InstanceId 'd4e5f6a7' -Type business-critical -WhatIf -Force -ErrorVariable +errs | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
        Get-ApiLog | Should -BeNullOrEmpty
        (Get-StateInstance 'd4e5f6a7').type | Should -Be 'professional-db'
    }

    It 'refuses to upgrade a non-Professional instance with AuraUpgradeNotPossible, sending nothing' {
        Clear-AuraEmulatorRequestLog $emu
        Set-AuraInstance -InstanceId 'a1b2c3d4' -Type business-critical -Force -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        ErrorIdOf $errs[0] | Should -Be 'AuraUpgradeNotPossible'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $errs[0].TargetObject | Should -Be 'a1b2c3d4'
        $errs[0].Exception.Message | Should -Match 'prod-orders \(a1b2c3d4\) is enterprise-db'
        Set-AuraInstance -InstanceId 'b2c3d4e5' -Type business-critical -Confirm:$false -ErrorVariable errs2 -ErrorAction SilentlyContinue
        ErrorIdOf $errs2[0] | Should -Be 'AuraUpgradeNotPossible'
        Get-Changes | Should -BeNullOrEmpty
    }

    It 'refuses -Memory without -Storage, another type, and other settings with the upgrade, sending nothing' {
        Clear-AuraEmulatorRequestLog $emu
        Set-AuraInstance -InstanceId 'd4e5f6a7' -Type business-critical -Memory 16GB -Force -ErrorVariable e1 -ErrorAction SilentlyContinue
        ErrorIdOf $e1[0] | Should -Be 'AuraInvalidArgument'
        $e1[0].Exception.Message | Should -Match '-Memory and -Storage together'
        Set-AuraInstance -InstanceId 'd4e5f6a7' -Type enterprise-db -Force -ErrorVariable e2 -ErrorAction SilentlyContinue
        ErrorIdOf $e2[0] | Should -Be 'AuraInvalidArgument'
        Set-AuraInstance -InstanceId 'd4e5f6a7' -Type business-critical -Name 'renamed' -Force -ErrorVariable e3 -ErrorAction SilentlyContinue
        ErrorIdOf $e3[0] | Should -Be 'AuraInvalidArgument'
        $e3[0].Exception.Message | Should -Match '-Name'
        Get-ApiLog | Should -BeNullOrEmpty
    }
}

Describe 'New-AuraInstance: v1 parameters' {
    BeforeEach { Reset-Emulator }

    It 'refuses -SecondariesCount and -CdcEnrichmentMode naming Set-AuraInstance, sending nothing' {
        Clear-AuraEmulatorRequestLog $emu
        New-AuraInstance -Name 'pester-vdc' -TenantId $prodTenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -SecondariesCount 2 `
            -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraInvalidArgument'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'pester-vdc'
        $errs[0].Exception.Message | Should -Match 'Set-AuraInstance -InstanceId <id> -SecondariesCount'
        New-AuraInstance -Name 'pester-vdc' -TenantId $prodTenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -CdcEnrichmentMode Full `
            -ErrorVariable errs2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs2[0].Exception.Message | Should -Match 'Set-AuraInstance'
        Get-ApiLog | Should -BeNullOrEmpty
    }

    It 'encrypts with the ready key -CustomerManagedKeyId names, -Wait until running' {
        Clear-AuraEmulatorRequestLog $emu
        $instance = New-AuraInstance -Name 'pester-cmk' -TenantId $prodTenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB `
            -CustomerManagedKeyId $seedKey -Wait -TimeoutSec 20
        $instance.Status | Should -Be 'running'
        $instance.CustomerManagedKeyId | Should -Be $seedKey
        (Get-StateInstance $instance.Id).customer_managed_key_id | Should -Be $seedKey
        @(Get-Changes).Count | Should -Be 1
    }

    It 'reports a key that does not match the instance with the API''s field and reason, POST sent once' {
        Clear-AuraEmulatorRequestLog $emu
        New-AuraInstance -Name 'pester-cmk-aws' -TenantId $prodTenant -Region us-east-1 -CloudProvider aws -Type enterprise-db -Memory 8GB `
            -CustomerManagedKeyId $seedKey -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraBadRequest'
        $errs[0].Exception.Message | Should -Match 'customer_managed_key_id: '
        @(Get-Changes).Count | Should -Be 1
    }

    It 'sends -VectorOptimized and -GraphAnalyticsPlugin' {
        $instance = New-AuraInstance -Name 'pester-vector' -TenantId $devTenant -Region europe-west1 -CloudProvider gcp -Type professional-db -Memory 4GB `
            -VectorOptimized -GraphAnalyticsPlugin
        $stored = Get-StateInstance $instance.Id
        $stored.vector_optimized | Should -BeTrue
        $stored.graph_analytics_plugin | Should -BeTrue
    }
}

Describe 'Get-AuraInstanceSizing' {
    BeforeAll { Reset-Emulator }

    It 'sends counts, type and categories: the estimate depends on each' {
        Clear-AuraEmulatorRequestLog $emu
        # (1e8 * 512 + 4e8 * 256) bytes = 143.1 GiB, x3 for node-embedding, +2: 432GB.
        $ds = Get-AuraInstanceSizing -NodeCount 100000000 -RelationshipCount 400000000 -AlgorithmCategory node-embedding
        $ds.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraInstanceSizing'
        "$($ds.MinRequiredMemory)" | Should -Be '432GB'
        "$($ds.RecommendedSize)" | Should -Be '512GB'
        $ds.DidExceedMaximum | Should -BeFalse
        $pro = Get-AuraInstanceSizing -NodeCount 100000000 -RelationshipCount 400000000 -AlgorithmCategory node-embedding -Type professional-ds
        "$($pro.RecommendedSize)" | Should -Be '64GB'
        $pro.DidExceedMaximum | Should -BeTrue
        $plain = Get-AuraInstanceSizing 1000000 5000000
        "$($plain.MinRequiredMemory)" | Should -Be '4GB'
        "$($plain.RecommendedSize)" | Should -Be '8GB'
        $posts = @(Get-Changes)
        $posts.Count | Should -Be 3
        $posts.path | Sort-Object -Unique | Should -Be '/v1/instances/sizing'
    }

    It 'refuses a type outside enterprise-ds/professional-ds before sending; reports an unknown category from the API' {
        Clear-AuraEmulatorRequestLog $emu
        { Get-AuraInstanceSizing -NodeCount 1 -RelationshipCount 1 -Type enterprise-db } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        Get-ApiLog | Should -BeNullOrEmpty
        Get-AuraInstanceSizing -NodeCount 1 -RelationshipCount 1 -AlgorithmCategory astrology -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraBadRequest'
        $errs[0].Exception.Message | Should -Match 'algorithm_categories'
    }
}

Describe 'Get-AuraMetricsIntegration' {
    BeforeAll { Reset-Emulator }

    It 'returns the tenant''s endpoint, by id, by name and from Get-AuraTenant' {
        $m = Get-AuraMetricsIntegration -TenantId $prodTenant
        $m.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraMetricsIntegration'
        $m.TenantId | Should -Be $prodTenant
        $m.Endpoint | Should -Be "https://customer-metrics-api.neo4j.io/api/v1/$prodTenant/metrics"
        (Get-AuraMetricsIntegration -TenantId 'Acme Development').TenantId | Should -Be $devTenant
        (Get-AuraTenant -Summary | Get-AuraMetricsIntegration).TenantId | Sort-Object | Should -Be (@($prodTenant, $devTenant) | Sort-Object)
    }

    It 'reports an unknown tenant as AuraTenantNotFound with the id as target' {
        $unknown = '11111111-2222-4333-8444-555555555555'
        Get-AuraMetricsIntegration -TenantId $unknown -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraTenantNotFound'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be $unknown
    }
}

Describe 'Views of the v1 outputs at 120 columns' {
    BeforeAll { Reset-Emulator }

    It 'AuraInstance: a 30-character name and every column' {
        $name = 'prod-analytics-warehouse-eu-30'
        $name.Length | Should -Be 30
        $null = Set-AuraInstance -InstanceId 'c3d4e5f6' -Name $name
        $lines = Get-TableLines (Get-AuraInstance -InstanceId 'c3d4e5f6')
        $lines[0] | Should -Match '^Name\s+Id\s+Status\s+Type\s+Memory\s+Storage\s+Location\s*$'
        $lines | Where-Object { $_ -like "$name *" } | Should -Match "^$name c3d4e5f6 running\s+enterprise-ds\s+32GB\s+64GB azure westeurope$"
        ($lines -join "`n") | Should -Not -Match '…'
    }

    It 'AuraInstanceSizing and AuraGraphAnalyticsSessionSizing: every column' {
        $lines = Get-TableLines (Get-AuraInstanceSizing -NodeCount 100000000 -RelationshipCount 400000000 -Type professional-ds -AlgorithmCategory node-embedding)
        $lines[0] | Should -Match '^RecommendedSize\s+MinRequiredMemory\s+DidExceedMaximum\s*$'
        $lines[2] | Should -Match '^\s+64GB\s+432GB True$'
        $lines = Get-TableLines (Get-AuraGraphAnalyticsSessionSizing -NodeCount 1000000 -RelationshipCount 5000000)
        $lines[0] | Should -Match '^RecommendedSize\s+EstimatedMemory\s*$'
        $lines[2] | Should -Match '^\s+2GB 2GB$'
    }

    It 'AuraMetricsIntegration: the whole endpoint of a real tenant (a UUID in its path) fits' {
        $m = Get-AuraMetricsIntegration -TenantId $prodTenant
        $lines = Get-TableLines $m
        ($lines -join "`n") | Should -Match ([regex]::Escape($m.Endpoint))
        ($lines -join "`n") | Should -Not -Match '…'
    }
}
